package io.mlsteps.util;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small fixed maps that keep the order their keys are given in. {@code Map.of} with two or more entries iterates
 * in an order that changes from one JVM start to the next, so a {@code result.json} detail or a registry attribute
 * built with it would not be byte-for-byte the same between two runs of the same step.
 */
public final class OrderedMaps {
    private OrderedMaps() {
    }

    public static <V> Map<String, V> of(String k1, V v1, String k2, V v2) {
        return build(k1, v1, k2, v2);
    }

    public static <V> Map<String, V> of(String k1, V v1, String k2, V v2, String k3, V v3) {
        return build(k1, v1, k2, v2, k3, v3);
    }

    public static <V> Map<String, V> of(String k1, V v1, String k2, V v2, String k3, V v3, String k4, V v4) {
        return build(k1, v1, k2, v2, k3, v3, k4, v4);
    }

    public static <V> Map<String, V> of(String k1, V v1, String k2, V v2, String k3, V v3, String k4, V v4,
                                        String k5, V v5, String k6, V v6) {
        return build(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6);
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> build(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            if (map.put(key, (V) keysAndValues[i + 1]) != null || keysAndValues[i + 1] == null) {
                throw new IllegalArgumentException("key '" + key + "' twice or without a value");
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
