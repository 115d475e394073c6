package io.mlsteps.jenkins.engine;

import io.mlsteps.contract.ArgumentException;
import io.mlsteps.contract.steps.Steps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request JSON that {@code mlsteps step NAME --request FILE} reads, written by the contract's binder from a
 * step's Pipeline arguments: the same text the local runner and the CLI write for the same arguments. A value of
 * the wrong kind is rejected here with the argument's name, before a JVM is started.
 */
public final class EngineRequest {
    private EngineRequest() {
    }

    /**
     * Builds the request JSON.
     *
     * @param step            the step's function name
     * @param arguments       the step's raw arguments (unset ones left out), quality gates included
     * @param defaultRegistry the global registry URI, used when the step takes a registry and none was given
     * @return the request as JSON text
     * @throws IllegalArgumentException naming the step and the argument when a value is missing or malformed
     */
    public static String toJson(String step, Map<String, ?> arguments, String defaultRegistry) {
        Map<String, Object> raw = new LinkedHashMap<>(arguments);
        if (takesRegistry(step) && raw.get("registry") == null && defaultRegistry != null && !defaultRegistry.isBlank()) {
            raw.put("registry", defaultRegistry.trim());
        }
        try {
            return Steps.requestJson(step, raw);
        } catch (ArgumentException e) {
            throw new IllegalArgumentException(step + ": " + e.getMessage(), e);
        }
    }

    /** Whether a step takes a {@code registry} (the global configuration supplies its default). */
    public static boolean takesRegistry(String step) {
        return Steps.spec(step).arg("registry").isPresent();
    }
}
