package io.mlsteps.jenkins.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps a step's Jenkinsfile arguments to the request JSON that {@code mlsteps step NAME --request FILE} reads.
 * Unset arguments are left out, so the engine's defaults apply; a value of the wrong shape is rejected here
 * with the argument's name, before a JVM is started.
 */
public final class EngineRequest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private EngineRequest() {
    }

    /**
     * Builds the request JSON.
     *
     * @param step            the step's function name
     * @param values          argument name → value as the step holds it (null = unset)
     * @param gates           the step's quality gates
     * @param defaultRegistry the global registry URI, used when the step takes a registry and none was given
     * @return the request as JSON text
     * @throws IllegalArgumentException naming the argument when a value is missing or malformed
     */
    public static String toJson(String step, Map<String, ?> values, List<GateSpec> gates, String defaultRegistry) {
        ObjectNode request = MAPPER.createObjectNode();
        request.put("schemaVersion", 1);
        for (StepArguments.Argument argument : StepArguments.of(step)) {
            Object value = values.get(argument.name());
            if (isUnset(value)) {
                if (argument.required()) {
                    throw new IllegalArgumentException(step + ": argument '" + argument.name() + "' is required");
                }
                if (argument.name().equals("registry") && defaultRegistry != null && !defaultRegistry.isBlank()) {
                    request.put("registry", defaultRegistry.trim());
                }
                continue;
            }
            put(request, step, argument, value);
        }
        for (String name : values.keySet()) {
            if (StepArguments.find(step, name).isEmpty() && !StepArguments.COMMON.contains(name)) {
                throw new IllegalArgumentException(step + ": unknown argument '" + name + "'");
            }
        }
        if (gates != null && !gates.isEmpty()) {
            ArrayNode array = request.putArray("qualityGates");
            for (GateSpec gate : gates) {
                boolean comparison = step.equals("compareToBaseline");
                if (gate.threshold() == null && !comparison) {
                    throw new IllegalArgumentException(step + ": quality gate on '" + gate.metric() + "' needs a 'threshold'");
                }
                if (gate.isRelative() && !comparison) {
                    throw new IllegalArgumentException(step + ": quality gate on '" + gate.metric() + "': maxDrop,"
                            + " maxRelativeDrop, minImprovement and maxImprovement need a baseline; use them in compareToBaseline");
                }
                ObjectNode node = array.addObject();
                node.put("metric", gate.metric());
                putIfSet(node, "threshold", gate.threshold());
                putIfSet(node, "maxDrop", gate.maxDrop());
                putIfSet(node, "maxRelativeDrop", gate.maxRelativeDrop());
                putIfSet(node, "minImprovement", gate.minImprovement());
                putIfSet(node, "maxImprovement", gate.maxImprovement());
                node.put("criticality", gate.criticality());
                if (gate.direction() != null) {
                    node.put("direction", gate.direction());
                }
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIfSet(ObjectNode node, String field, Double value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static boolean isUnset(Object value) {
        return value == null || (value instanceof String s && s.isBlank())
                || (value instanceof Collection<?> c && c.isEmpty());
    }

    private static void put(ObjectNode request, String step, StepArguments.Argument argument, Object value) {
        String name = argument.name();
        switch (argument.kind()) {
            case TEXT -> request.put(name, value.toString().trim());
            case INTEGER -> request.put(name, toLong(step, name, value));
            case NUMBER -> request.put(name, toDouble(step, name, value));
            case BOOLEAN -> request.put(name, toBoolean(step, name, value));
            case LIST -> {
                ArrayNode array = request.putArray(name);
                for (String item : toList(value)) {
                    array.add(item);
                }
            }
            case PARAMS -> request.set(name, parseParams(step, name, value.toString()));
            default -> throw new IllegalStateException(argument.kind().name());
        }
    }

    private static long toLong(String step, String name, Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        String text = value.toString().trim();
        if (INTEGER.matcher(text).matches()) {
            return Long.parseLong(text);
        }
        throw new IllegalArgumentException(step + ": argument '" + name + "' must be a whole number, got '" + value + "'");
    }

    private static double toDouble(String step, String name, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        String text = value.toString().trim();
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        throw new IllegalArgumentException(step + ": argument '" + name + "' must be a number, got '" + value + "'");
    }

    private static boolean toBoolean(String step, String name, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(step + ": argument '" + name + "' must be true or false, got '" + value + "'");
    }

    private static List<String> toList(Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return java.util.Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Parses {@code 'trees=100, maxDepth=8, loss=log'} into a JSON object; numbers and booleans are typed,
     * everything else stays text. A comma inside a value can be written as {@code \,}.
     */
    public static ObjectNode parseParams(String step, String name, String text) {
        ObjectNode node = MAPPER.createObjectNode();
        for (String pair : text.split("(?<!\\\\),")) {
            String item = pair.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(step + ": argument '" + name + "' expects name=value pairs separated by"
                        + " commas, e.g. 'trees=100, maxDepth=8'; got '" + item + "'");
            }
            String key = item.substring(0, eq).trim();
            String raw = item.substring(eq + 1).trim().replace("\\,", ",");
            if (node.has(key)) {
                throw new IllegalArgumentException(step + ": argument '" + name + "' names '" + key + "' twice");
            }
            if (INTEGER.matcher(raw).matches()) {
                node.put(key, Long.parseLong(raw));
            } else if (DECIMAL.matcher(raw).matches()) {
                node.put(key, Double.parseDouble(raw));
            } else if (raw.equals("true") || raw.equals("false")) {
                node.put(key, Boolean.parseBoolean(raw));
            } else {
                node.put(key, raw);
            }
        }
        return node;
    }
}
