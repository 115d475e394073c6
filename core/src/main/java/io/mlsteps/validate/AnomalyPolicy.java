package io.mlsteps.validate;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.util.InputException;

import java.util.EnumMap;
import java.util.Map;

/** The criticality of each anomaly code: the defaults of {@link Anomaly}, overridden by the user; OFF skips a code. */
public final class AnomalyPolicy {
    private final Map<Anomaly, Criticality> overrides = new EnumMap<>(Anomaly.class);
    private final java.util.Set<Anomaly> off = java.util.EnumSet.noneOf(Anomaly.class);

    public static AnomalyPolicy defaults() {
        return new AnomalyPolicy();
    }

    /**
     * From a user map code → criticality ({@code NOTE}, {@code UNSTABLE}, {@code ERROR}, {@code FAILURE} or
     * {@code OFF}); {@code argument} names the argument in error messages.
     */
    public static AnomalyPolicy of(Map<String, String> userMap, String argument) {
        AnomalyPolicy policy = new AnomalyPolicy();
        if (userMap == null) {
            return policy;
        }
        for (var e : userMap.entrySet()) {
            Anomaly code;
            try {
                code = Anomaly.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new InputException(argument, ex.getMessage());
            }
            String level = e.getValue() == null ? "" : e.getValue().trim();
            if (level.equalsIgnoreCase("OFF") || level.equalsIgnoreCase("IGNORE")) {
                policy.off.add(code);
                continue;
            }
            try {
                policy.overrides.put(code, Criticality.parse(level));
            } catch (IllegalArgumentException ex) {
                throw new InputException(argument, code + ": " + ex.getMessage() + " (or OFF)");
            }
        }
        return policy;
    }

    public boolean isOff(Anomaly code) {
        return off.contains(code);
    }

    public Criticality criticality(Anomaly code) {
        return overrides.getOrDefault(code, code.defaultCriticality());
    }
}
