package io.mlsteps.contract.bind;

/** What kind of value an argument holds, derived from its record component's Java type. */
public enum ArgKind {
    /** Text ({@code String}). */
    TEXT("TEXT"),
    /** A whole number ({@code int}, {@code long}). */
    INTEGER("N"),
    /** A finite number ({@code double}). */
    NUMBER("X"),
    /** true or false. */
    BOOLEAN(""),
    /** One of a fixed set of words (an enum, or text with {@code allowed} values). */
    CHOICE("VALUE"),
    /** A duration: {@code 30d}, {@code 24h}, {@code 15m}, {@code 2w}, {@code 90s} or ISO-8601 {@code PT24H}. */
    DURATION("AGE"),
    /** A list of text items: {@code ['a', 'b']}, or {@code 'a, b'}. */
    LIST("ITEM"),
    /** Named values: {@code [trees: 200, max_depth: 8]}, or {@code 'trees=200, max_depth=8'}. */
    MAP("NAME=VALUE"),
    /** A list of nested argument maps, e.g. the quality gates. */
    RECORDS("");

    private final String label;

    ArgKind(String label) {
        this.label = label;
    }

    /** The CLI placeholder of a value of this kind. */
    public String label() {
        return label;
    }
}
