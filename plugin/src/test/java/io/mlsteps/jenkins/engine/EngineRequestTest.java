package io.mlsteps.jenkins.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineRequestTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String step, Map<String, Object> values, List<GateSpec> gates, String registry)
            throws Exception {
        return MAPPER.readTree(EngineRequest.toJson(step, values, gates, registry));
    }

    @Test
    void mapsTrainArgumentsWithTheirTypes() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("data", " data/adult_train.csv ");
        values.put("labelColumn", "income");
        values.put("algorithm", "randomForest");
        values.put("params", "trees=100, maxDepth=8, learningRate=0.1, bootstrap=true, loss=log");
        values.put("features", List.of("age", " education ", ""));
        values.put("seed", 42);
        values.put("validationData", null);
        JsonNode request = json("trainModel", values, List.of(), null);

        assertThat(request.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(request.get("data").asText()).isEqualTo("data/adult_train.csv");
        assertThat(request.get("labelColumn").asText()).isEqualTo("income");
        assertThat(request.get("seed").isIntegralNumber()).isTrue();
        assertThat(request.get("seed").asLong()).isEqualTo(42);
        JsonNode params = request.get("params");
        assertThat(params.get("trees").isIntegralNumber()).isTrue();
        assertThat(params.get("trees").asInt()).isEqualTo(100);
        assertThat(params.get("learningRate").asDouble()).isEqualTo(0.1);
        assertThat(params.get("bootstrap").isBoolean()).isTrue();
        assertThat(params.get("loss").asText()).isEqualTo("log");
        assertThat(request.get("features")).hasSize(2);
        assertThat(request.get("features").get(1).asText()).isEqualTo("education");
        assertThat(request.has("validationData")).as("unset arguments are left to the engine's defaults").isFalse();
        assertThat(request.has("qualityGates")).isFalse();
    }

    @Test
    void missingRequiredArgumentIsNamed() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("data", "train.csv");
        values.put("labelColumn", "  ");
        assertThatThrownBy(() -> EngineRequest.toJson("trainModel", values, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trainModel: argument 'labelColumn' is required");
    }

    @Test
    void wrongNumberIsRejectedWithTheArgument() {
        Map<String, Object> values = Map.of("current", "today.csv", "driftShare", "half");
        assertThatThrownBy(() -> EngineRequest.toJson("checkDrift", values, List.of(), null))
                .hasMessageContaining("'driftShare' must be a number, got 'half'");
        Map<String, Object> seed = Map.of("data", "a.csv", "labelColumn", "y", "seed", 1.5);
        assertThatThrownBy(() -> EngineRequest.toJson("trainModel", seed, List.of(), null))
                .hasMessageContaining("'seed' must be a whole number");
        Map<String, Object> flag = Map.of("name", "adult", "model", "m.tribuo", "requireGate", "yes");
        assertThatThrownBy(() -> EngineRequest.toJson("registerModel", flag, List.of(), null))
                .hasMessageContaining("'requireGate' must be true or false");
    }

    @Test
    void malformedParamsAreRejected() {
        Map<String, Object> values = Map.of("data", "a.csv", "labelColumn", "y", "params", "trees 100");
        assertThatThrownBy(() -> EngineRequest.toJson("trainModel", values, List.of(), null))
                .hasMessageContaining("'params' expects name=value pairs");
        Map<String, Object> twice = Map.of("data", "a.csv", "labelColumn", "y", "params", "a=1, a=2");
        assertThatThrownBy(() -> EngineRequest.toJson("trainModel", twice, List.of(), null))
                .hasMessageContaining("names 'a' twice");
    }

    @Test
    void escapedCommaStaysInTheValue() {
        assertThat(EngineRequest.parseParams("registerModel", "tags", "team=ml\\,core, owner=ana").get("team").asText())
                .isEqualTo("ml,core");
    }

    @Test
    void unknownArgumentIsRejected() {
        Map<String, Object> values = Map.of("data", "a.csv", "schema", "s.json", "schema_file", "s.json");
        assertThatThrownBy(() -> EngineRequest.toJson("validateData", values, List.of(), null))
                .hasMessage("validateData: unknown argument 'schema_file'");
    }

    @Test
    void globalRegistryIsTheDefaultOnlyForRegistrySteps() throws Exception {
        JsonNode register = json("registerModel", Map.of("name", "adult", "model", "m.tribuo"), List.of(),
                "jdbc:postgresql://db/mlsteps");
        assertThat(register.get("registry").asText()).isEqualTo("jdbc:postgresql://db/mlsteps");
        JsonNode explicit = json("registerModel", Map.of("name", "adult", "model", "m.tribuo", "registry", "/srv/reg"),
                List.of(), "jdbc:postgresql://db/mlsteps");
        assertThat(explicit.get("registry").asText()).isEqualTo("/srv/reg");
        JsonNode train = json("trainModel", Map.of("data", "a.csv", "labelColumn", "y"), List.of(),
                "jdbc:postgresql://db/mlsteps");
        assertThat(train.has("registry")).isFalse();
    }

    @Test
    void gatesAreSentInTheEngineShape() throws Exception {
        List<GateSpec> gates = List.of(new GateSpec("accuracy", 0.85, "failure", null),
                new GateSpec("rmse", 3.5, null, "lower_is_better"));
        JsonNode request = json("evaluateModel", Map.of("predictions", "p.csv"), gates, null);
        JsonNode first = request.get("qualityGates").get(0);
        assertThat(first.get("metric").asText()).isEqualTo("accuracy");
        assertThat(first.get("threshold").asDouble()).isEqualTo(0.85);
        assertThat(first.get("criticality").asText()).isEqualTo("FAILURE");
        assertThat(first.has("direction")).isFalse();
        JsonNode second = request.get("qualityGates").get(1);
        assertThat(second.get("criticality").asText()).isEqualTo("UNSTABLE");
        assertThat(second.get("direction").asText()).isEqualTo("LOWER_IS_BETTER");
    }

    @Test
    void everyStepOfTheEngineIsInTheTable() {
        assertThat(StepArguments.steps()).containsExactly("validateData", "trainModel", "evaluateModel",
                "compareToBaseline", "registerModel", "deployModel", "checkDrift");
        assertThatThrownBy(() -> StepArguments.of("fitModel")).hasMessageContaining("unknown step 'fitModel'");
    }
}
