package io.mlsteps.contract.steps;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BaselineHandoverTest {
    @Test
    void lastSuccessfulBuildBecomesThePreviousResult() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>(Map.of("baseline", "lastSuccessfulBuild", "modelName", "adult"));
        Optional<String> log = BaselineHandover.apply("compareToBaseline", args,
                () -> Optional.of(new BaselineHandover.Evaluation("build #4", "/ws/builds/4/evaluateModel")));
        assertThat(args).containsOnlyKeys("modelName", "previousResult")
                .containsEntry("previousResult", "/ws/builds/4/evaluateModel");
        assertThat(log).contains("compareToBaseline: the baseline is the evaluation of build #4 (/ws/builds/4/evaluateModel)");
    }

    @Test
    void withoutASuccessfulBuildTheBaselineIsMissing() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>(Map.of("previousResult", "lastSuccessfulBuild",
                "baseline", "adult@production"));
        Optional<String> log = BaselineHandover.apply("compareToBaseline", args, Optional::empty);
        assertThat(args).containsOnlyKeys("baseline");
        assertThat(log.orElseThrow()).contains("onMissingBaseline decides");
    }

    @Test
    void otherArgumentsAndStepsAreLeftAlone() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>(Map.of("baseline", "adult@production"));
        assertThat(BaselineHandover.apply("compareToBaseline", args, () -> {
            throw new AssertionError("no lookup expected");
        })).isEmpty();
        assertThat(BaselineHandover.apply("evaluateModel", new LinkedHashMap<>(Map.of("baseline", "lastSuccessfulBuild")),
                Optional::empty)).isEmpty();
    }
}
