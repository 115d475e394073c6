package io.mlsteps.jenkins.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GateSpecTest {
    @Test
    void criticalityDefaultsToUnstableAndIsCaseInsensitive() {
        assertThat(new GateSpec("accuracy", 0.9, null, null).criticality()).isEqualTo("UNSTABLE");
        assertThat(new GateSpec("accuracy", 0.9, " note ", "").criticality()).isEqualTo("NOTE");
        assertThat(new GateSpec("accuracy", 0.9, "Error", "").direction()).isNull();
    }

    @Test
    void badValuesNameTheGate() {
        assertThatThrownBy(() -> new GateSpec("accuracy", 0.9, "FATAL", null))
                .hasMessage("quality gate on 'accuracy': unknown criticality 'FATAL'; expected one of NOTE, UNSTABLE, ERROR, FAILURE");
        assertThatThrownBy(() -> new GateSpec("rmse", 1, "NOTE", "down"))
                .hasMessageContaining("unknown direction 'down'");
        assertThatThrownBy(() -> new GateSpec(" ", 1, "NOTE", null)).hasMessageContaining("needs a 'metric'");
        assertThatThrownBy(() -> new GateSpec("auc", Double.NaN, "NOTE", null)).hasMessageContaining("threshold is not a finite number");
    }
}
