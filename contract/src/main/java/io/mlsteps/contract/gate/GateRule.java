package io.mlsteps.contract.gate;

/** The rules a {@link QualityGate} can hold; each given rule becomes one check. */
public enum GateRule {
    /** The candidate's value against an absolute bound. */
    THRESHOLD("threshold"),
    /** The delta may not regress by more than an absolute amount. */
    MAX_DROP("maxDrop"),
    /** The delta may not regress by more than a fraction of the baseline's value. */
    MAX_RELATIVE_DROP("maxRelativeDrop"),
    /** The delta must improve by at least an amount. */
    MIN_IMPROVEMENT("minImprovement"),
    /** The delta may not improve by more than an amount (a too-good-to-be-true alarm, e.g. label leakage). */
    MAX_IMPROVEMENT("maxImprovement");

    private final String argument;

    GateRule(String argument) {
        this.argument = argument;
    }

    /** The gate argument that sets this rule, e.g. {@code maxDrop}. */
    public String argument() {
        return argument;
    }

    /** Whether the rule compares with a baseline (all but THRESHOLD). */
    public boolean relative() {
        return this != THRESHOLD;
    }

    /** Whether the rule applies against secondary baselines (previous build, anchor): the drop rules. */
    public boolean appliesToSecondary() {
        return this == MAX_DROP || this == MAX_RELATIVE_DROP;
    }
}
