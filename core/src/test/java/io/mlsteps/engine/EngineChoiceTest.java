package io.mlsteps.engine;

import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spark master grammar, where a master comes from, and what a local engine refuses. */
class EngineChoiceTest {
    @ParameterizedTest
    @ValueSource(strings = {"local", "local[1]", "local[*]", "local[4,2]", "spark://h:7077", "spark://h1:7077,h2:7077",
            "spark://h", "yarn", "k8s://https://api:6443", "k8s://api:443/path"})
    void mastersSparkAccepts(String master) {
        EngineChoice choice = EngineChoice.of("spark", master, null, Map.of());
        assertThat(choice.master()).isEqualTo(master);
        assertThat(choice.isLocal()).isFalse();
        assertThat(choice.describe()).isEqualTo("spark (" + master + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local[0]", "local[-1]", "local[]", "spark://", "spark://h:7077/x", "mesos://h:5050",
            "yarn-cluster", "k8s://", "http://h:7077", "h:7077"})
    void mastersSparkRefusesAreErrorsListingTheForms(String master) {
        assertThatThrownBy(() -> EngineChoice.of("spark", master, null, Map.of())).as(master)
                .isInstanceOf(InputException.class)
                .hasMessage("sparkMaster: is '" + master + "'; expected local[N], local[*], spark://HOST:PORT, yarn or "
                        + "k8s://https://HOST:PORT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sc://h", "sc://h:15002/;token=x", "sc://"})
    void aSparkConnectEndpointIsRefusedSayingWhatToUseInstead(String master) {
        assertThatThrownBy(() -> EngineChoice.of("spark", master, null, Map.of())).as(master)
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("sparkMaster: is the Spark Connect endpoint '" + master + "'")
                .hasMessageContaining("spark://HOST:7077, yarn").hasMessageContaining("spark-submit in client mode");
    }

    @Test
    void theMasterComesFromTheArgumentThenTheEnvironmentThenTheConfThenTheDefault() {
        Map<String, String> conf = Map.of("spark.master", "local[3]");
        Map<String, String> env = Map.of(EngineChoice.MASTER_ENV, " yarn ");
        assertThat(EngineChoice.of("spark", " local[2] ", conf, env).master()).isEqualTo("local[2]");
        assertThat(EngineChoice.of("spark", null, conf, env).master()).isEqualTo("yarn");
        assertThat(EngineChoice.of("spark", " ", conf, Map.of(EngineChoice.MASTER_ENV, "")).master()).isEqualTo("local[3]");
        assertThat(EngineChoice.of("spark", null, null, null).master()).isEqualTo(EngineChoice.DEFAULT_MASTER);
    }

    @Test
    void sparkSettingsMustBeSparkKeysWithValues() {
        assertThatThrownBy(() -> EngineChoice.of("spark", null, Map.of("executor.memory", "4g"), Map.of()))
                .isInstanceOf(InputException.class).hasMessageStartingWith("sparkConf: key 'executor.memory' is not a "
                        + "Spark setting");
        Map<String, String> noValue = new LinkedHashMap<>();
        noValue.put("spark.executor.memory", null);
        assertThatThrownBy(() -> EngineChoice.of("spark", null, noValue, Map.of())).isInstanceOf(InputException.class)
                .hasMessage("sparkConf.spark.executor.memory: has no value; expected a string");
        EngineChoice choice = EngineChoice.of("spark", null, Map.of("spark.sql.shuffle.partitions", "8"), Map.of());
        assertThatThrownBy(() -> choice.conf().put("spark.x", "y")).as("the settings are fixed once chosen")
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theLocalEngineTakesNoSparkArgumentsAndIsNeverOpened() {
        assertThatThrownBy(() -> EngineChoice.of("local", null, Map.of("spark.executor.memory", "4g"), Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessage("sparkConf: applies to engine: 'spark' only; add engine: 'spark' or remove it");
        assertThat(EngineChoice.of(" ", " ", null, Map.of(EngineChoice.MASTER_ENV, "yarn")))
                .as("the environment's master does not turn the local engine into Spark").isEqualTo(EngineChoice.local());
        assertThat(EngineChoice.local().describe()).isEqualTo("local");
        assertThatThrownBy(() -> DataEngines.open(EngineChoice.local(), io.mlsteps.util.StepLog.silent()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new EngineChoice(null, null, null)).isEqualTo(EngineChoice.local());
    }

    @Test
    void anUnknownEngineIsAnErrorNamingBothChoices() {
        assertThatThrownBy(() -> EngineChoice.of("flink", null, null, Map.of())).isInstanceOf(InputException.class)
                .hasMessage("engine: is 'flink'; expected local (this process) or spark");
        assertThat(DataEngines.available("flink")).isFalse();
    }
}
