package io.mlsteps.validate;

import io.mlsteps.data.ProfileCharts;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataEngines;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.gate.Direction;
import io.mlsteps.gate.MetricDirections;
import io.mlsteps.step.LineageRef;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.Requests;
import io.mlsteps.step.StepContext;
import io.mlsteps.step.StepResult;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/** {@code validateData}: checks a data file against a reviewed schema and reports typed anomalies. */
public class ValidateDataStep implements MlStep<ValidateDataRequest> {
    static {
        for (String m : new String[]{"type_mismatch_ratio", "out_of_range_ratio", "unseen_ratio"}) {
            MetricDirections.register(m, Direction.LOWER_IS_BETTER);
        }
        MetricDirections.register("min_class_ratio", Direction.HIGHER_IS_BETTER);
    }

    @Override
    public String name() {
        return "validateData";
    }

    @Override
    public Class<ValidateDataRequest> requestType() {
        return ValidateDataRequest.class;
    }

    @Override
    public StepResult execute(ValidateDataRequest request, StepContext context) {
        Requests.require(request.getData(), "data", "the data file to validate");
        Path schemaFile = context.resolve(Requests.require(request.getSchema(), "schema",
                "the schema.json to validate against (write one with mlsteps infer-schema)"));
        EngineChoice engine = request.engineChoice(context.env());
        Path data = engine.isLocal() ? context.resolve(request.getData()) : null;
        if (data != null && !Files.isRegularFile(data)) {
            throw new InputException("data", "file not found: " + request.getData());
        }
        Schema schema = Schema.load(schemaFile);
        AnomalyPolicy policy = AnomalyPolicy.of(request.getAnomalyCriticality(), "anomalyCriticality");
        ReadOptions options = ReadOptions.fromArguments(engine.isLocal() ? request.getFormat() : null, request.getDelimiter(),
                request.isHeader(), request.getMissingValues());
        int threads = request.getThreads() == null ? Runtime.getRuntime().availableProcessors() : request.getThreads();
        if (threads < 1) {
            throw new InputException("threads", "is " + threads + "; expected 1 or more");
        }
        context.log().info("validating %s against %s", request.getData(), request.getSchema());
        Validation.Outcome outcome = data != null ? Validation.run(data, options, schema, policy, context.log(), threads)
                : onEngine(request, engine, options, schema, policy, context);

        StepResult result = new StepResult(name());
        outcome.checks().forEach(result::addCheck);
        outcome.metrics().forEach(result::putMetric);
        long anomalies = outcome.anomalies().size();
        result.setSummary(String.format(java.util.Locale.ROOT, "%,d rows, %d columns, %d anomal%s",
                outcome.profile().rows(), outcome.profile().columns().size(), anomalies, anomalies == 1 ? "y" : "ies"));
        result.getTables().add(ProfileCharts.table(outcome.profile()));
        Map<String, Double> limits = new LinkedHashMap<>();
        schema.columns().forEach(c -> {
            if (c.maxMissingRatio() != null) {
                limits.put(c.name(), c.maxMissingRatio());
            }
        });
        result.getCharts().addAll(ProfileCharts.draw(outcome.profile(), context.chartsDir(), limits));
        if (request.isWriteProfile()) {
            Path profileFile = context.stepDir().resolve("profile.json");
            outcome.profile().save(profileFile);
            result.getOutputs().add(context.describeOutput("profile", profileFile));
        }
        result.getLineage().add(new LineageRef("dataset", "input", request.getData(), outcome.profile().sha256(),
                data != null ? data.toUri().toString() : outcome.profile().source()));
        result.getLineage().add(new LineageRef("schema", "input", request.getSchema(), Hashing.sha256(schemaFile),
                schemaFile.toUri().toString()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rows", outcome.profile().rows());
        details.put("dataSha256", outcome.profile().sha256());
        details.put("anomalyCodes", new LinkedHashSet<>(outcome.anomalies().stream()
                .map(c -> String.valueOf(c.details().get("code"))).toList()));
        result.setDetails(details);
        return result;
    }

    /** The same validation on a distributed engine (Spark): the data is read where it is, the parts merged here. */
    private static Validation.Outcome onEngine(ValidateDataRequest request, EngineChoice choice, ReadOptions options,
                                               Schema schema, AnomalyPolicy policy, StepContext context) {
        DataSource source = DataSource.of(request.getData(), request.getFormat(), options, context.workDir(), "data");
        try (DataEngine engine = DataEngines.open(choice, context.log())) {
            context.log().info("reading %s on %s", source.describe(), engine.describe());
            return Validation.run(engine, source, schema, policy, context.log());
        }
    }
}
