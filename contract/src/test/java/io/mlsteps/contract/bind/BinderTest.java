package io.mlsteps.contract.bind;

import io.mlsteps.contract.ArgumentException;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.contract.steps.DeployModelRequest;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.contract.steps.ValidateDataRequest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinderTest {
    private static final RecordSpec<TrainModelRequest> TRAIN = RecordSpec.of(TrainModelRequest.class);

    /** A CharSequence that is not a String, as a Groovy GString is. */
    record FakeGString(String text) implements CharSequence {
        public int length() {
            return text.length();
        }

        public char charAt(int i) {
            return text.charAt(i);
        }

        public CharSequence subSequence(int a, int b) {
            return text.subSequence(a, b);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void candidatesBindFromGroovyMapsAndFromTheirTextFormAlike() {
        TrainModelRequest groovy = Binder.bind(TRAIN, args("data", "t.csv", "labelColumn", "y", "candidates", List.of(
                Map.of("algorithm", "logistic_regression", "params", Map.of("c", List.of(0.01, 0.1, 1))),
                Map.of("algorithm", new FakeGString("random_forest"),
                        "params", args("max_depth", List.of(4, 8), "trees", 50, "fraction_features", "uniform(0.2, 0.8)")))));
        TrainModelRequest text = Binder.bind(TRAIN, args("data", "t.csv", "labelColumn", "y", "candidates", List.of(
                "algorithm=logistic_regression, c=0.01,0.1,1",
                "algorithm=random_forest, max_depth=4,8, trees=50, fraction_features=uniform(0.2, 0.8)")));
        assertThat(text).isEqualTo(groovy);
        assertThat(groovy.candidates().get(0).params().get("c")).isEqualTo(List.of(0.01, 0.1, 1L));
        assertThat(groovy.candidates().get(1).params()).containsEntry("max_depth", List.of(4L, 8L))
                .containsEntry("trees", 50L).containsEntry("fraction_features", "uniform(0.2, 0.8)");
        // the canonical request.json holds the nested lists, and binds back to the same request
        Map<String, Object> canonical = Binder.arguments(TRAIN, groovy);
        assertThat(Binder.bind(TRAIN, canonical)).isEqualTo(groovy);
    }

    @Test
    void aBadCandidateIsNamedByItsIndex() {
        assertThatThrownBy(() -> Binder.bind(TRAIN, args("data", "t.csv", "labelColumn", "y", "candidates",
                List.of(Map.of("algorithm", "cart"), Map.of("params", Map.of("c", 1))))))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("candidates[1].algorithm");
        assertThatThrownBy(() -> Binder.bind(TRAIN, args("data", "t.csv", "labelColumn", "y", "candidates",
                List.of("0.1, c=2"))))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("candidates[0]")
                .hasMessageContaining("name=value");
        assertThatThrownBy(() -> Binder.bind(TRAIN, args("data", "t.csv", "labelColumn", "y", "params",
                Map.of("c", List.of(Map.of("a", 1))))))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("params.c[0]");
    }

    @Test
    void defaultsAreAppliedByTheBinder() {
        TrainModelRequest r = Binder.bind(TRAIN, args("data", "train.csv", "labelColumn", "y"));
        assertThat(r.task()).isEqualTo("auto");
        assertThat(r.validationSplit()).isEqualTo(0.2);
        assertThat(r.seed()).isEqualTo(42L);
        assertThat(r.modelFile()).isEqualTo("model.tribuo");
        assertThat(r.reading().format()).isEqualTo("auto");
        assertThat(r.reading().header()).isTrue();
        assertThat(r.reading().missingValues()).containsExactly("", "NA", "?", "null");
        assertThat(r.params()).isEmpty();
        assertThat(r.features()).isEmpty();
        assertThat(r.qualityGates()).isEmpty();
        assertThat(r.algorithm()).isNull();
    }

    @Test
    void groovyValuesBecomeCanonicalJsonValues() {
        Map<String, Object> raw = args("data", new FakeGString("data/train.csv"), "labelColumn", "income",
                "params", args("trees", 200, "learning_rate", new BigDecimal("0.1"), "loss", new FakeGString("log")),
                "categoricalFeatures", List.of(new FakeGString("season"), "weekday"),
                "seed", 7, "validationSplit", new BigDecimal("0.25"), "task", "CLASSIFICATION",
                "qualityGates", List.of(args("metric", "accuracy", "threshold", new BigDecimal("0.8"),
                        "criticality", "failure")));
        Map<String, Object> canonical = Binder.canonical(TRAIN, raw);
        assertThat(canonical).containsEntry("data", "data/train.csv").containsEntry("seed", 7L)
                .containsEntry("validationSplit", 0.25).containsEntry("task", "classification")
                .containsEntry("params", Map.of("trees", 200L, "learning_rate", 0.1, "loss", "log"))
                .containsEntry("categoricalFeatures", List.of("season", "weekday"))
                .containsEntry("qualityGates", List.of(Map.of("metric", "accuracy", "threshold", 0.8,
                        "criticality", "FAILURE")));
        assertThat(canonical.keySet()).containsExactly("data", "labelColumn", "task", "params", "categoricalFeatures",
                "validationSplit", "seed", "qualityGates");
        TrainModelRequest r = Binder.construct(TRAIN, canonical);
        assertThat(r.qualityGates()).containsExactly(QualityGate.threshold("accuracy", 0.8, Criticality.FAILURE));
        assertThat(r.params().get("trees")).isEqualTo(200L);
    }

    @Test
    void theStringAliasOfAMapAndTheCliRepeatedPairsGiveTheSameCanonicalMap() {
        Map<String, Object> fromMap = Binder.canonical(TRAIN, args("data", "d", "labelColumn", "y",
                "params", args("trees", 200, "max_depth", 8, "standardize", true)));
        Map<String, Object> fromAlias = Binder.canonical(TRAIN, args("data", "d", "labelColumn", "y",
                "params", "trees=200, max_depth=8, standardize=true"));
        Map<String, Object> fromCli = Binder.canonical(TRAIN, args("data", "d", "labelColumn", "y",
                "params", List.of("trees=200", "max_depth=8", "standardize=true")));
        assertThat(fromAlias).isEqualTo(fromMap).isEqualTo(fromCli);
        assertThat(Steps.requestJson(fromMap)).isEqualTo(Steps.requestJson(fromCli));
    }

    @Test
    void valuesEqualToTheDefaultAreLeftOutOfTheCanonicalRequest() {
        Map<String, Object> canonical = Binder.canonical(TRAIN, args("data", "d", "labelColumn", "y", "seed", "42",
                "task", "auto", "missingValues", "'', NA, ?, null", "header", true));
        assertThat(canonical).containsOnlyKeys("data", "labelColumn");
    }

    @Test
    void typedMapValuesAreCheckedPerKey() {
        RecordSpec<CheckDriftRequest> drift = RecordSpec.of(CheckDriftRequest.class);
        CheckDriftRequest r = Binder.bind(drift, args("columnThresholds", "age=0.2, hours=1",
                "columnMethods", args("age", "psi"), "maxModelAge", "30d"));
        assertThat(r.columnThresholds()).containsEntry("age", 0.2).containsEntry("hours", 1.0);
        assertThat(r.columnMethods()).containsEntry("age", "psi");
        assertThat(r.maxModelAge()).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> Binder.bind(drift, args("columnThresholds", args("age", "high"))))
                .isInstanceOf(ArgumentException.class)
                .hasMessage("argument 'columnThresholds.age' is 'high' (String); expected a finite number");
        assertThatThrownBy(() -> Binder.bind(drift, args("maxModelAge", "a month")))
                .hasMessageContaining("argument 'maxModelAge' is 'a month', not a duration; expected e.g. 30d, 24h, 15m, 2w or PT24H");
    }

    @Test
    void anUnknownArgumentNamesTheClosestKnownOnes() {
        assertThatThrownBy(() -> Binder.canonical(TRAIN, args("data", "d", "lableColumn", "y")))
                .isInstanceOf(ArgumentException.class)
                .hasMessage("unknown argument 'lableColumn' of trainModel; did you mean 'labelColumn'?");
        assertThatThrownBy(() -> Binder.canonical(TRAIN, args("xyzzy", 1)))
                .hasMessageStartingWith("unknown argument 'xyzzy' of trainModel; trainModel has no argument of a similar name")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void wrongKindsAreNamedWithWhatWasGivenAndWhatWasExpected() {
        assertThatThrownBy(() -> Binder.canonical(TRAIN, args("data", "d", "labelColumn", "y", "seed", "abc")))
                .hasMessage("argument 'seed' is 'abc' (String); expected a whole number");
        assertThatThrownBy(() -> Binder.canonical(TRAIN, args("data", "d", "labelColumn", "y", "seed", 1.5)))
                .hasMessage("argument 'seed' is 1.5 (Double); expected a whole number");
        assertThatThrownBy(() -> Binder.canonical(TRAIN, args("data", "d", "labelColumn", "y", "task", "ranking")))
                .hasMessage("argument 'task' is 'ranking' (String); expected one of auto, classification, regression");
        assertThatThrownBy(() -> Binder.canonical(TRAIN, args("data", "d", "labelColumn", "y", "features", Map.of())))
                .hasMessageContaining("argument 'features' is {} (");
        assertThatThrownBy(() -> Binder.canonical(TRAIN, args("data", "d")))
                .hasMessage("argument 'labelColumn' is required: the column to predict");
        assertThatThrownBy(() -> Binder.canonical(TRAIN, args("data", "d", "labelColumn", "y",
                "validationSplit", Double.NaN))).hasMessageContaining("expected a finite number");
    }

    @Test
    void gateErrorsCarryTheirPath() {
        assertThatThrownBy(() -> Binder.bind(TRAIN, args("data", "d", "labelColumn", "y",
                "qualityGates", List.of(args("metric", "accuracy", "threshold", 0.8),
                        args("metric", "f1", "treshold", 0.8)))))
                .hasMessage("argument 'qualityGates[1]': unknown argument 'treshold' of QualityGate; did you mean 'threshold'?");
        assertThatThrownBy(() -> Binder.bind(TRAIN, args("data", "d", "labelColumn", "y",
                "qualityGates", List.of(args("metric", "accuracy")))))
                .hasMessageStartingWith("argument 'qualityGates[0].threshold' is required");
        assertThatThrownBy(() -> Binder.bind(TRAIN, args("data", "d", "labelColumn", "y",
                "qualityGates", List.of(args("metric", "accuracy", "maxDrop", 0.01)))))
                .hasMessageContaining("only compareToBaseline has a baseline");
        assertThatThrownBy(() -> Binder.bind(TRAIN, args("data", "d", "labelColumn", "y",
                "qualityGates", List.of(args("metric", "accuracy", "threshold", 0.8, "criticality", "BLOCKER")))))
                .hasMessage("argument 'qualityGates[0].criticality' is 'BLOCKER' (String); expected one of NOTE, UNSTABLE, ERROR, FAILURE");
        RecordSpec<CompareToBaselineRequest> compare = RecordSpec.of(CompareToBaselineRequest.class);
        CompareToBaselineRequest r = Binder.bind(compare, args("qualityGates",
                List.of(args("metric", "accuracy", "maxDrop", 0.01), args("metric", "f1"))));
        assertThat(r.qualityGates().get(0).maxDrop()).isEqualTo(0.01);
        assertThat(r.qualityGates().get(1).rules()).containsOnlyKeys(io.mlsteps.contract.gate.GateRule.MAX_DROP);
        assertThatThrownBy(() -> Binder.bind(compare, args("qualityGates",
                List.of(args("metric", "accuracy", "maxDrop", -0.01)))))
                .hasMessage("argument 'qualityGates[0].maxDrop' is -0.01; expected a number at least 0");
        assertThatThrownBy(() -> Binder.bind(compare, args("qualityGates",
                List.of(args("metric", "accuracy", "minImprovement", 0.05, "maxImprovement", 0.01)))))
                .hasMessageStartingWith("argument 'qualityGates[0].maxImprovement' is 0.01, below minImprovement 0.05");
    }

    @Test
    void listsTakeTheCommaAliasWithQuotedItems() {
        RecordSpec<ValidateDataRequest> validate = RecordSpec.of(ValidateDataRequest.class);
        ValidateDataRequest r = Binder.bind(validate, args("data", "d.csv", "schema", "s.json",
                "missingValues", "'', NA", "anomalyCriticality", "UNEXPECTED_COLUMN=NOTE,DUPLICATE_ROWS=OFF"));
        assertThat(r.reading().missingValues()).containsExactly("", "NA");
        assertThat(r.anomalyCriticality()).containsExactly(Map.entry("UNEXPECTED_COLUMN", "NOTE"),
                Map.entry("DUPLICATE_ROWS", "OFF"));
        assertThat(Binder.bind(validate, args("data", "d", "schema", "s", "missingValues", ""))
                .reading().missingValues()).containsExactly("");
    }

    @Test
    void aRecordRoundTripsThroughItsArguments() {
        RecordSpec<DeployModelRequest> deploy = RecordSpec.of(DeployModelRequest.class);
        DeployModelRequest r = Binder.bind(deploy, args("model", "adult@3", "port", 9090, "strategy", "canary",
                "javaOptions", List.of("-Xmx1g")));
        Map<String, Object> arguments = Binder.arguments(deploy, r);
        assertThat(arguments).containsExactly(Map.entry("model", "adult@3"), Map.entry("strategy", "canary"),
                Map.entry("port", 9090L), Map.entry("javaOptions", List.of("-Xmx1g")));
        DeployModelRequest changed = Steps.with(r, Map.of("port", 9191));
        assertThat(changed.port()).isEqualTo(9191);
        assertThat(changed.model()).isEqualTo("adult@3");
        assertThat(Binder.bind(deploy, Map.of()).javaOptions()).containsExactly("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC");
    }

    @Test
    void requestJsonIsTheSameWhateverTheOrderAndFormOfTheArguments() {
        String a = Steps.requestJson("trainModel", args("labelColumn", "y", "data", "d", "seed", 7,
                "params", "trees=3"));
        String b = Steps.requestJson("trainModel", args("params", args("trees", 3L), "seed", "7", "data",
                new FakeGString("d"), "labelColumn", "y"));
        assertThat(a).isEqualTo(b).isEqualTo("""
                {
                  "schemaVersion": 1,
                  "data": "d",
                  "labelColumn": "y",
                  "params": {
                    "trees": 3
                  },
                  "seed": 7
                }
                """);
        assertThatThrownBy(() -> Steps.requestJson("trainModel", args("schemaVersion", 2, "data", "d",
                "labelColumn", "y"))).hasMessageContaining("argument 'schemaVersion' is 2");
    }

    @Test
    void everyStepsRequestIsReadableAndEveryDefaultParses() {
        for (RecordSpec<?> spec : Steps.all()) {
            for (ArgSpec arg : spec.args()) {
                assertThat(arg.doc()).as(spec.type().getSimpleName() + "." + arg.name()).isNotBlank();
                if (arg.defaultValue() != null) {
                    assertThat(Binder.defaultOf(arg)).as(arg.name()).isNotNull();
                }
            }
        }
        assertThat(Steps.names()).containsExactly("validateData", "trainModel", "evaluateModel", "compareToBaseline",
                "registerModel", "deployModel", "checkDrift", "predict");
    }
}
