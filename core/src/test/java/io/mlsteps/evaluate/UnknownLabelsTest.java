package io.mlsteps.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.compare.CompareToBaselineStep;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.model.UnknownLabels;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.testing.CapturedLog;
import io.mlsteps.testing.Req;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A true label the model does not know ({@code BAD} where it knows {@code bad} and {@code good}) must not turn a
 * two-class evaluation into a three-class one: it stops the step naming file:line and the known classes, or, with
 * {@code unknownLabels: 'exclude'}, its rows are left out and counted, and the metrics equal those of the data
 * without them.
 */
class UnknownLabelsTest {
    @TempDir
    Path dir;
    Path model;
    final CapturedLog logged = new CapturedLog();

    StepContext ctx(String step) {
        return new StepContext(dir, dir.resolve(step),
                logged.of(step), Map.of());
    }

    /** Rows of a noisy two-class problem; every {@code badEvery}-th label is written {@code BAD}. */
    Path data(String name, int n, long seed, int badEvery) throws Exception {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder("x,color,risk\n");
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            String color = random.nextBoolean() ? "red" : "blue";
            boolean bad = x + (color.equals("red") ? 0.5 : 0) + random.nextGaussian() > 0.3;
            String label = badEvery > 0 && i % badEvery == badEvery - 1 ? "BAD" : bad ? "bad" : "good";
            sb.append(String.format(java.util.Locale.ROOT, "%.4f", x)).append(',').append(color).append(',')
                    .append(label).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    @BeforeEach
    void train() throws Exception {
        new TrainModelStep().execute(Req.of(TrainModelRequest.class).set("data", data("train.csv", 600, 1, 0).toString())
                .set("labelColumn", "risk").build(), ctx("train"));
        model = dir.resolve("train/model.tribuo");
    }

    Req<EvaluateModelRequest> evaluation(Path data) {
        return Req.of(EvaluateModelRequest.class).set("model", model.toString()).set("data", data.toString())
                .set("bootstrap", 0).set("charts", false);
    }

    @Test
    void anUnknownLabelFailsNamingTheLineAndTheKnownLabels() throws Exception {
        Path eval = data("eval.csv", 300, 2, 10);
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluation(eval).build(), ctx("evaluate")))
                .isInstanceOf(InputException.class)
                .hasMessage(eval + ":11:3: label 'BAD' is not a class of the model, which knows [bad, good]; expected "
                        + "one of them, or unknownLabels: 'exclude' to leave such rows out (counted)");
        assertThat(UnknownLabels.parse(null, "unknownLabels")).isEqualTo(UnknownLabels.FAIL);
        assertThat(UnknownLabels.parse(" Exclude ", "unknownLabels")).isEqualTo(UnknownLabels.EXCLUDE);
        assertThatThrownBy(() -> UnknownLabels.parse("drop", "unknownLabels")).isInstanceOf(InputException.class)
                .hasMessage("unknownLabels: is 'drop'; expected fail or exclude");
    }

    @Test
    void excludedRowsAreCountedAndTheMetricsAreThoseOfTheKnownRows() throws Exception {
        Path eval = data("eval.csv", 300, 2, 10);
        // unknownLabels: 'exclude' in the request reaches the evaluation
        StepResult excluded = new EvaluateModelStep().execute(evaluation(eval).set("unknownLabels", "exclude").build(),
                ctx("excluded"));

        // the same file without its BAD rows
        String without = String.join("\n", Files.readAllLines(eval).stream().filter(l -> !l.endsWith(",BAD")).toList());
        Path clean = Files.writeString(dir.resolve("clean.csv"), without + "\n");
        StepResult reference = new EvaluateModelStep().execute(evaluation(clean).build(), ctx("clean"));

        assertThat(excluded.getMetrics().get(UnknownLabels.METRIC)).isEqualTo(30.0);
        assertThat(excluded.getMetrics().get("rows")).isEqualTo(270.0).isEqualTo(reference.getMetrics().get("rows"));
        for (String m : new String[]{"accuracy", "roc_auc", "log_loss", "f1_macro"}) {
            assertThat(excluded.getMetrics().get(m)).as(m).isCloseTo(reference.getMetrics().get(m), within(1e-12));
        }
        assertThat(excluded.getMetrics()).doesNotContainKey("recall[class=BAD]");
        Check check = excluded.getChecks().stream().filter(c -> c.name().equals("labels:unknown")).findFirst().orElseThrow();
        assertThat(check.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(check.criticality()).isEqualTo(Criticality.NOTE);
        assertThat(check.message()).isEqualTo("30 of 300 rows (10.00 %) have labels the model does not know (BAD 30) "
                + "and were left out of the metrics (unknownLabels: 'exclude'); the model knows [bad, good].");
        assertThat(logged.text()).contains("[excluded] WARNING: 30 of 300 rows");
        JsonNode metrics = Json.mapper().readTree(dir.resolve("excluded/metrics.json").toFile());
        assertThat(metrics.path("classes").toString()).isEqualTo("[\"bad\",\"good\"]");
        assertThat(metrics.path("unknownLabels").path("excluded").path("BAD").asInt()).isEqualTo(30);

        // with no unknown label, exclude still reports its count (0) and a passed check, so a gate finds them
        StepResult none = new EvaluateModelStep().evaluate(evaluation(clean).build(), ctx("none"), ReadOptions.defaults(),
                UnknownLabels.EXCLUDE);
        assertThat(none.getMetrics().get(UnknownLabels.METRIC)).isEqualTo(0.0);
        assertThat(none.getChecks()).anyMatch(c -> c.name().equals("labels:unknown") && c.outcome() == CheckOutcome.PASSED);
        assertThat(reference.getMetrics()).doesNotContainKey(UnknownLabels.METRIC);
    }

    @Test
    void compareToBaselineScoresItsCandidateModelUnderTheSameRule() throws Exception {
        Path eval = data("eval.csv", 300, 2, 10);
        Req<CompareToBaselineRequest> r = Req.of(CompareToBaselineRequest.class).set("candidateModel", model.toString())
                .set("data", eval.toString()).set("labelColumn", "risk").set("baselineModel", model.toString());
        assertThatThrownBy(() -> new CompareToBaselineStep().execute(r.build(), ctx("compare")))
                .isInstanceOf(InputException.class).hasMessageStartingWith(eval + ":11:3: candidateModel: label 'BAD' "
                        + "is not a class of the model, which knows [bad, good]");
        // unknownLabels: 'exclude' in the request reaches the candidate's scoring
        StepResult result = new CompareToBaselineStep().execute(r.set("unknownLabels", "exclude").build(), ctx("compare2"));
        assertThat(result.getMetrics().get(UnknownLabels.METRIC)).isEqualTo(30.0);
        assertThat(result.getChecks()).anyMatch(c -> c.name().equals("labels:unknown") && c.outcome() == CheckOutcome.FAILED);
        // the same model as its own baseline, on the 270 known rows: no difference
        assertThat(result.getMetrics().get("delta[accuracy]")).isEqualTo(0.0);
    }
}
