package io.mlsteps.model;

import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.run.StepRunner;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.Req;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * What a trained model makes of the rows clients send: an unseen category, a missing or blank value and a
 * non-finite number are no feature (the row is still scored), a column the model does not know is refused, and a
 * row with nothing the model knows is refused rather than guessed.
 */
class PredictorInputsTest {
    @TempDir
    static Path work;
    private static TribuoPredictor model;

    @BeforeAll
    static void train() throws Exception {
        Req<TrainModelRequest> request = Req.of(TrainModelRequest.class);
        request.set("data", Path.of("../samples/data/penguins.csv").toAbsolutePath().toString());
        request.set("labelColumn", "species");
        request.set("algorithm", "logistic_regression");
        request.set("seed", 7);
        new StepRunner().run(new TrainModelStep(), request.build(),
                new StepContext(work, work.resolve("train"), StepLog.silent(), Map.of()));
        model = TribuoPredictor.load(work.resolve("train").resolve("model.tribuo"));
    }

    private static Map<String, String> gentoo() {
        Map<String, String> row = new HashMap<>(Map.of("island", "Biscoe", "bill_length_mm", "46.5",
                "bill_depth_mm", "14.8", "flipper_length_mm", "217", "body_mass_g", "5200", "sex", "female",
                "year", "2008"));
        return row;
    }

    @Test
    void aTypicalRowIsScoredWithProbabilitiesThatSumToOne() {
        Prediction p = model.predict(gentoo());
        assertThat(p.label()).isEqualTo("Gentoo");
        assertThat(p.scores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(p.scores()).containsOnlyKeys("Adelie", "Chinstrap", "Gentoo");
        assertThat(model.generatesProbabilities()).isTrue();
        assertThat(model.labels()).containsExactlyInAnyOrder("Adelie", "Chinstrap", "Gentoo");
    }

    @Test
    void anUnseenCategoryIsNamedAndLeftOutOfTheScore() {
        Map<String, String> row = gentoo();
        row.put("island", "Atlantis");
        assertThat(model.unseenCategories(row)).containsExactly("island=Atlantis");
        assertThat(model.unseenCategories(gentoo())).isEmpty();
        Map<String, String> without = gentoo();
        without.remove("island");
        assertThat(model.predict(row)).as("an unseen category counts as missing").isEqualTo(model.predict(without));
    }

    @Test
    void missingBlankAndNonFiniteValuesAreAllMissing() {
        Map<String, String> absent = gentoo();
        absent.remove("bill_depth_mm");
        Prediction expected = model.predict(absent);
        for (String missing : List.of("", "   ", "NaN", "inf")) {
            Map<String, String> row = gentoo();
            row.put("bill_depth_mm", missing);
            assertThat(model.predict(row)).as("'" + missing + "'").isEqualTo(expected);
        }
        Map<String, String> nullValue = gentoo();
        nullValue.put("bill_depth_mm", null);
        assertThat(model.predict(nullValue)).isEqualTo(expected);
    }

    @Test
    void nonFiniteColumnsAreToldToTheCaller() {
        Map<String, String> row = gentoo();
        row.put("body_mass_g", "-Infinity");
        List<String> nonFinite = new ArrayList<>();
        model.example(row::get, nonFinite::add);
        assertThat(nonFinite).containsExactly("body_mass_g");
    }

    @Test
    void anUnknownColumnIsRefusedButTheLabelColumnIsIgnored() {
        Map<String, String> unknown = gentoo();
        unknown.put("beak_colour", "red");
        assertThatThrownBy(() -> model.predict(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'beak_colour' is not a feature of this model; expected some of [");
        Map<String, String> labelled = gentoo();
        labelled.put("species", "Adelie");
        assertThat(model.predict(labelled)).as("the label is ignored, not used").isEqualTo(model.predict(gentoo()));
    }

    @Test
    void aRowWithNothingTheModelKnowsIsRefused() {
        assertThatThrownBy(() -> model.predict(Map.of("island", "Atlantis"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the row has no value for any feature the model knows (all missing or unseen)");
        assertThatThrownBy(() -> model.predict(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textInANumericColumnIsABadValueNamingIt() {
        Map<String, String> row = gentoo();
        row.put("flipper_length_mm", "long");
        assertThatThrownBy(() -> model.predict(row)).isInstanceOf(FeatureEncoding.BadValue.class)
                .hasMessage("column 'flipper_length_mm' is numeric in the model but holds 'long'; expected a number");
    }

    @Test
    void anEmptyBatchHasNoPredictions() {
        assertThat(model.predictAll(List.of())).isEmpty();
    }
}
