package io.mlsteps.validate;

import io.mlsteps.contract.steps.ValidateDataRequest;

import io.mlsteps.data.ProfileCharts;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataEngines;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.step.ArgumentProblems;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.Requests;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.Hashing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * {@code validateData}: checks a data file against a reviewed schema and reports typed anomalies. The request
 * becomes {@link Settings} first (every argument error at once, before the data is read); then one pass over the
 * data ({@link Validation}), judged into checks and metrics, then the outputs.
 */
public class ValidateDataStep implements MlStep<ValidateDataRequest> {
    @Override
    public Class<ValidateDataRequest> requestType() {
        return ValidateDataRequest.class;
    }

    /** How validateData reads its data: the request's reading arguments, on the engine it chose. */
    public static ReadOptions readOptions(ValidateDataRequest request) {
        return DataSource.readOptions(request.reading(), request.engine());
    }

    /**
     * The request's arguments checked before any data is read, every problem reported at once: the data (a file
     * that exists when read here), the schema (read and checked: it is an argument, not data), the criticalities and
     * the threads.
     *
     * @param data the data file when read here; null on a distributed engine, which reads the data where it is
     */
    record Settings(Path data, Path schemaFile, Schema schema, AnomalyPolicy policy, int threads, EngineChoice engine) {
        static Settings of(ValidateDataRequest request, StepContext context) {
            ArgumentProblems problems = new ArgumentProblems();
            String dataArgument = problems.check(() -> Requests.require(request.data(), "data", "the data file to validate"));
            Path schemaFile = problems.check(() -> context.resolve(Requests.require(request.schema(), "schema",
                    "the schema.json to validate against (write one with mlsteps infer-schema)")));
            EngineChoice engine = EngineChoice.of(request.engine(), context.env());
            Path data = engine.isLocal() && dataArgument != null ? context.resolve(dataArgument) : null;
            if (data != null && !Files.isRegularFile(data)) {
                problems.add("data", "file not found: " + request.data());
            }
            Schema schema = schemaFile == null ? null : problems.check(() -> Schema.load(schemaFile));
            AnomalyPolicy policy = problems.check(() -> AnomalyPolicy.of(request.anomalyCriticality(), "anomalyCriticality"));
            int threads = request.threads() == null ? Runtime.getRuntime().availableProcessors() : request.threads();
            if (threads < 1) {
                problems.add("threads", "is " + threads + "; expected 1 or more");
            }
            problems.throwIfAny();
            return new Settings(data, schemaFile, schema, policy, threads, engine);
        }
    }

    @Override
    public StepResult execute(ValidateDataRequest request, StepContext context) {
        Settings settings = Settings.of(request, context);
        io.mlsteps.chart.Charts.warmUp();
        context.log().info("validating %s against %s", request.data(), request.schema());
        ReadOptions options = readOptions(request);
        Validation.Outcome outcome = settings.data() != null
                ? Validation.run(settings.data(), options, settings.schema(), settings.policy(), context.log(),
                settings.threads())
                : onEngine(request, settings.engine(), options, settings.schema(), settings.policy(), context);

        StepResult result = new StepResult(name());
        outcome.checks().forEach(result::addCheck);
        outcome.metrics().forEach(result::putMetric);
        long anomalies = outcome.anomalies().size();
        result.setSummary(String.format(java.util.Locale.ROOT, "%,d rows, %d columns, %d anomal%s",
                outcome.profile().rows(), outcome.profile().columns().size(), anomalies, anomalies == 1 ? "y" : "ies"));
        result.getTables().add(ProfileCharts.table(outcome.profile()));
        result.getCharts().addAll(ProfileCharts.draw(outcome.profile(), context.chartsDir(),
                missingRatioLimits(settings.schema())));
        if (request.writeProfile()) {
            Path profileFile = context.stepDir().resolve("profile.json");
            outcome.profile().save(profileFile);
            result.getOutputs().add(context.describeOutput("profile", profileFile));
        }
        lineage(request, settings, outcome, result);
        result.setDetails(details(outcome));
        return result;
    }

    /** The schema's maxMissingRatio per column, drawn as limits on the missing-ratio chart. */
    private static Map<String, Double> missingRatioLimits(Schema schema) {
        Map<String, Double> limits = new LinkedHashMap<>();
        schema.columns().forEach(c -> {
            if (c.maxMissingRatio() != null) {
                limits.put(c.name(), c.maxMissingRatio());
            }
        });
        return limits;
    }

    /** The data (with its sha256 from the pass) and the schema as inputs. */
    private static void lineage(ValidateDataRequest request, Settings settings, Validation.Outcome outcome,
                                StepResult result) {
        result.getLineage().add(new LineageRef("dataset", "input", request.data(), outcome.profile().sha256(),
                settings.data() != null ? settings.data().toUri().toString() : outcome.profile().source()));
        result.getLineage().add(new LineageRef("schema", "input", request.schema(), Hashing.sha256(settings.schemaFile()),
                settings.schemaFile().toUri().toString()));
    }

    /** result.json's details: rows, the data's sha256 and the anomaly codes found. */
    private static Map<String, Object> details(Validation.Outcome outcome) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rows", outcome.profile().rows());
        details.put("dataSha256", outcome.profile().sha256());
        details.put("anomalyCodes", new LinkedHashSet<>(outcome.anomalies().stream()
                .map(c -> String.valueOf(c.details().get("code"))).toList()));
        return details;
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
