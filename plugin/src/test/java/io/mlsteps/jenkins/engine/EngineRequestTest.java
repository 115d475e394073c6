package io.mlsteps.jenkins.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin's request builder: the contract's binder with the global registry as a default. */
class EngineRequestTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String step, Map<String, Object> values, String registry) throws Exception {
        return MAPPER.readTree(EngineRequest.toJson(step, values, registry));
    }

    @Test
    void mapsTrainArgumentsWithTheirTypes() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("data", "data/adult_train.csv");
        values.put("labelColumn", "income");
        values.put("algorithm", "random_forest");
        values.put("params", Map.of("trees", 100, "learning_rate", 0.1, "bootstrap", true, "loss", "log"));
        values.put("features", List.of("age", " education "));
        values.put("seed", 7);
        JsonNode request = json("trainModel", values, null);

        assertThat(request.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(request.get("data").asText()).isEqualTo("data/adult_train.csv");
        assertThat(request.get("seed").isIntegralNumber()).isTrue();
        assertThat(json("trainModel", Map.of("data", "a.csv", "labelColumn", "y", "seed", 42), null).has("seed"))
                .as("a value equal to its default is left out").isFalse();
        JsonNode params = request.get("params");
        assertThat(params.get("trees").isIntegralNumber()).isTrue();
        assertThat(params.get("trees").asInt()).isEqualTo(100);
        assertThat(params.get("learning_rate").asDouble()).isEqualTo(0.1);
        assertThat(params.get("bootstrap").isBoolean()).isTrue();
        assertThat(params.get("loss").asText()).isEqualTo("log");
        assertThat(request.get("features").get(1).asText()).isEqualTo("education");
        assertThat(request.has("validationData")).as("unset arguments are left to the engine's defaults").isFalse();
        assertThat(request.has("qualityGates")).isFalse();
    }

    @Test
    void theParamsAliasGivesTheSameRequestAsTheMap() throws Exception {
        Map<String, Object> map = Map.of("data", "a.csv", "labelColumn", "y", "params", Map.of("trees", 100));
        Map<String, Object> alias = Map.of("data", "a.csv", "labelColumn", "y", "params", "trees=100");
        assertThat(EngineRequest.toJson("trainModel", alias, null)).isEqualTo(EngineRequest.toJson("trainModel", map, null));
    }

    @Test
    void missingRequiredArgumentIsNamed() {
        assertThatThrownBy(() -> EngineRequest.toJson("trainModel", Map.of("data", "train.csv"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trainModel: argument 'labelColumn' is required: the column to predict");
    }

    @Test
    void wrongKindsAreRejectedWithTheArgument() {
        assertThatThrownBy(() -> EngineRequest.toJson("checkDrift", Map.of("current", "today.csv", "driftShare", "half"), null))
                .hasMessage("checkDrift: argument 'driftShare' is 'half' (String); expected a finite number");
        assertThatThrownBy(() -> EngineRequest.toJson("trainModel", Map.of("data", "a.csv", "labelColumn", "y", "seed", 1.5), null))
                .hasMessageContaining("'seed' is 1.5 (Double); expected a whole number");
        assertThatThrownBy(() -> EngineRequest.toJson("registerModel",
                Map.of("name", "adult", "model", "m.tribuo", "requireGate", "yes"), null))
                .hasMessageContaining("'requireGate' is 'yes' (String); expected true or false");
        assertThatThrownBy(() -> EngineRequest.toJson("trainModel", Map.of("data", "a.csv", "labelColumn", "y",
                "params", "trees 100"), null)).hasMessageContaining("'params': expects name=value pairs");
    }

    @Test
    void unknownArgumentIsRejectedWithTheClosestName() {
        assertThatThrownBy(() -> EngineRequest.toJson("validateData",
                Map.of("data", "a.csv", "schema", "s.json", "schema_file", "s.json"), null))
                .hasMessage("validateData: unknown argument 'schema_file' of validateData; did you mean 'schema'?");
    }

    @Test
    void globalRegistryIsTheDefaultOnlyForRegistrySteps() throws Exception {
        JsonNode register = json("registerModel", Map.of("name", "adult", "model", "m.tribuo"), "jdbc:postgresql://db/mlsteps");
        assertThat(register.get("registry").asText()).isEqualTo("jdbc:postgresql://db/mlsteps");
        JsonNode explicit = json("registerModel", Map.of("name", "adult", "model", "m.tribuo", "registry", "/srv/reg"),
                "jdbc:postgresql://db/mlsteps");
        assertThat(explicit.get("registry").asText()).isEqualTo("/srv/reg");
        JsonNode train = json("trainModel", Map.of("data", "a.csv", "labelColumn", "y"), "jdbc:postgresql://db/mlsteps");
        assertThat(train.has("registry")).isFalse();
        assertThat(EngineRequest.takesRegistry("checkDrift")).isTrue();
        assertThat(EngineRequest.takesRegistry("evaluateModel")).isFalse();
    }

    @Test
    void gatesAreSentInTheEngineShape() throws Exception {
        JsonNode request = json("evaluateModel", Map.of("predictions", "p.csv", "qualityGates", List.of(
                Map.of("metric", "accuracy", "threshold", 0.85, "criticality", "failure"),
                Map.of("metric", "rmse", "threshold", 3.5, "direction", "lower_is_better"))), null);
        JsonNode first = request.get("qualityGates").get(0);
        assertThat(first.get("metric").asText()).isEqualTo("accuracy");
        assertThat(first.get("threshold").asDouble()).isEqualTo(0.85);
        assertThat(first.get("criticality").asText()).isEqualTo("FAILURE");
        assertThat(first.has("direction")).isFalse();
        JsonNode second = request.get("qualityGates").get(1);
        assertThat(second.has("criticality")).as("the default UNSTABLE is left to the engine").isFalse();
        assertThat(second.get("direction").asText()).isEqualTo("LOWER_IS_BETTER");
        assertThatThrownBy(() -> EngineRequest.toJson("evaluateModel", Map.of("predictions", "p.csv", "qualityGates",
                List.of(Map.of("metric", "accuracy", "maxDrop", 0.01))), null))
                .hasMessageContaining("only compareToBaseline has a baseline");
    }
}
