package io.mlsteps.validate;

import io.mlsteps.contract.steps.ValidateDataRequest;

import io.mlsteps.data.ProfileCharts;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.gate.MetricCatalog;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataEngines;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.Requests;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/** {@code validateData}: checks a data file against a reviewed schema and reports typed anomalies. */
public class ValidateDataStep implements MlStep<ValidateDataRequest> {
    @Override
    public Class<ValidateDataRequest> requestType() {
        return ValidateDataRequest.class;
    }

    /** How validateData reads its data: the request's reading arguments, on the engine it chose. */
    public static ReadOptions readOptions(ValidateDataRequest request) {
        return DataSource.readOptions(request.reading(), request.engine());
    }

    @Override
    public StepResult execute(ValidateDataRequest request, StepContext context) {
        Requests.require(request.data(), "data", "the data file to validate");
        Path schemaFile = context.resolve(Requests.require(request.schema(), "schema",
                "the schema.json to validate against (write one with mlsteps infer-schema)"));
        EngineChoice engine = EngineChoice.of(request.engine(), context.env());
        Path data = engine.isLocal() ? context.resolve(request.data()) : null;
        if (data != null && !Files.isRegularFile(data)) {
            throw new InputException("data", "file not found: " + request.data());
        }
        Schema schema = Schema.load(schemaFile);
        AnomalyPolicy policy = AnomalyPolicy.of(request.anomalyCriticality(), "anomalyCriticality");
        ReadOptions options = readOptions(request);
        int threads = request.threads() == null ? Runtime.getRuntime().availableProcessors() : request.threads();
        if (threads < 1) {
            throw new InputException("threads", "is " + threads + "; expected 1 or more");
        }
        context.log().info("validating %s against %s", request.data(), request.schema());
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
        if (request.writeProfile()) {
            Path profileFile = context.stepDir().resolve("profile.json");
            outcome.profile().save(profileFile);
            result.getOutputs().add(context.describeOutput("profile", profileFile));
        }
        result.getLineage().add(new LineageRef("dataset", "input", request.data(), outcome.profile().sha256(),
                data != null ? data.toUri().toString() : outcome.profile().source()));
        result.getLineage().add(new LineageRef("schema", "input", request.schema(), Hashing.sha256(schemaFile),
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
        DataSource source = DataSource.of(request.data(), request.reading().format(), options, context.workDir(), "data");
        try (DataEngine engine = DataEngines.open(choice, context.log())) {
            context.log().info("reading %s on %s", source.describe(), engine.describe());
            return Validation.run(engine, source, schema, policy, context.log());
        }
    }
}
