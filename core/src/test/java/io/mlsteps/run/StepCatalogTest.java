package io.mlsteps.run;

import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.step.MlStep;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine finds its steps through ServiceLoader, one implementation per contract step. */
class StepCatalogTest {

    @Test
    void everyContractStepHasExactlyOneImplementationAndNothingElseIsListed() {
        Map<String, MlStep<?>> steps = StepCatalog.implementations();
        assertThat(steps.keySet()).containsExactlyInAnyOrderElementsOf(Steps.names());
        steps.forEach((name, step) -> {
            assertThat(step.name()).isEqualTo(name);
            // the implementation runs the contract's request of that name, not another step's
            assertThat(RecordSpec.of(step.requestType()).step().orElseThrow().name()).isEqualTo(name);
        });
    }

    @Test
    void findsAStepByItsJenkinsfileNameAndNothingForAnUnknownName() {
        assertThat(StepCatalog.find("checkDrift")).get().extracting(MlStep::name).isEqualTo("checkDrift");
        assertThat(StepCatalog.find("checkdrift")).isEmpty();
        assertThat(StepCatalog.find("StepCatalog")).isEmpty();
    }

    @Test
    void onlyRegisterModelEmitsItsOwnLineageAndOnlyCompareAndRegisterJudgeTheirOwnGates() {
        Map<String, MlStep<?>> steps = StepCatalog.implementations();
        assertThat(steps.values().stream().filter(MlStep::emitsOwnLineage).map(MlStep::name))
                .containsExactly("registerModel");
        assertThat(steps.values().stream().filter(MlStep::evaluatesGatesItself).map(MlStep::name))
                .containsExactlyInAnyOrder("compareToBaseline", "registerModel");
    }

    @Test
    void eachCallGivesNewInstances() {
        assertThat(StepCatalog.find("trainModel").orElseThrow())
                .isNotSameAs(StepCatalog.find("trainModel").orElseThrow());
    }
}
