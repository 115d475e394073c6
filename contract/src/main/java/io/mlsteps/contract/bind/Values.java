package io.mlsteps.contract.bind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text forms of argument values, shared by every front end: the comma list ({@code 'a, b'}, items in single
 * quotes taken literally, so {@code "'', NA"} holds the empty string), the {@code name=value} alias of a map
 * ({@code 'trees=200, max_depth=8'}, {@code \,} for a comma inside a value) and durations ({@code 30d},
 * {@code 24h}, {@code 15m}, {@code 2w}, {@code 90s}, ISO-8601 {@code PT24H}).
 */
public final class Values {
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern SHORT_DURATION = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*(s|m|h|d|w)\\s*$");

    private Values() {
    }

    /** Splits a comma list; surrounding blanks are trimmed, an item in single quotes is taken as is. */
    public static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        for (String part : splitUnescaped(text)) {
            String item = part.trim();
            if (item.length() >= 2 && item.startsWith("'") && item.endsWith("'")) {
                item = item.substring(1, item.length() - 1);
            }
            items.add(item.replace("\\,", ","));
        }
        return items;
    }

    /**
     * Parses {@code 'trees=200, loss=log'} into named values; with {@code typed}, whole numbers become longs,
     * other numbers doubles and true/false booleans, the rest stays text.
     *
     * @throws IllegalArgumentException with a sentence saying what was expected
     */
    public static Map<String, Object> parsePairs(String text, boolean typed) {
        Map<String, Object> pairs = new LinkedHashMap<>();
        for (String part : splitUnescaped(text)) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expects name=value pairs separated by commas, e.g. "
                        + "'trees=100, max_depth=8'; got '" + item + "'");
            }
            String key = item.substring(0, eq).trim();
            String raw = item.substring(eq + 1).trim().replace("\\,", ",");
            if (pairs.containsKey(key)) {
                throw new IllegalArgumentException("names '" + key + "' twice");
            }
            pairs.put(key, typed ? infer(raw) : raw);
        }
        return pairs;
    }

    /**
     * Parses {@code 'algorithm=cart, max_depth=4,8,12, impurity=gini'} into typed named values, where items without
     * {@code =} extend the previous value into a list ({@code max_depth: [4, 8, 12]}); commas inside parentheses
     * belong to the value ({@code c=loguniform(0.001, 100)}).
     *
     * @throws IllegalArgumentException with a sentence saying what was expected
     */
    public static Map<String, Object> parseEntries(String text) {
        Map<String, Object> entries = new LinkedHashMap<>();
        String last = null;
        for (String part : splitOutsideParentheses(text)) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq > 0) {
                last = item.substring(0, eq).trim();
                if (entries.containsKey(last)) {
                    throw new IllegalArgumentException("names '" + last + "' twice");
                }
                entries.put(last, infer(item.substring(eq + 1).trim()));
            } else if (last == null) {
                throw new IllegalArgumentException("expects name=value items separated by commas, e.g. "
                        + "'algorithm=cart, max_depth=4,8'; got '" + item + "'");
            } else {
                Object previous = entries.get(last);
                List<Object> values = new ArrayList<>();
                if (previous instanceof List<?> l) {
                    values.addAll(l);
                } else {
                    values.add(previous);
                }
                values.add(infer(item));
                entries.put(last, List.copyOf(values));
            }
        }
        return entries;
    }

    private static List<String> splitOutsideParentheses(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** A value written as text, typed: a whole number (long), another number (double), a boolean, else the text. */
    public static Object infer(String raw) {
        if (INTEGER.matcher(raw).matches()) {
            return Long.parseLong(raw);
        }
        if (DECIMAL.matcher(raw).matches()) {
            return Double.parseDouble(raw);
        }
        if (raw.equals("true") || raw.equals("false")) {
            return Boolean.parseBoolean(raw);
        }
        return raw;
    }

    /** A plain JSON-able value: text, a long, a double, a boolean, or null when {@code value} is none of those. */
    public static Object plain(Object value) {
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean) {
            return value;
        }
        return null;
    }

    /** Parses a whole number written as text, or null when it is not one. */
    static Long parseLong(String text) {
        String t = text.trim();
        return INTEGER.matcher(t).matches() ? Long.valueOf(t) : null;
    }

    /** Parses a decimal number written as text, or null when it is not one. */
    static Double parseDouble(String text) {
        String t = text.trim();
        return DECIMAL.matcher(t).matches() ? Double.valueOf(t) : null;
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            long seconds = switch (m.group(2)) {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                default -> 7 * 86400;
            };
            return Duration.ofMillis(Math.round(n * seconds * 1000));
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; expected e.g. 30d, 24h, 15m, 2w or PT24H");
        }
    }

    /**
     * An instant written as ISO-8601 ({@code 2024-05-01T00:00:00Z}), or as a duration meaning that long before
     * {@code now} ({@code 24h}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Instant parseInstantOrAgo(String text, Instant now) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                return now.minus(parseDuration(text));
            } catch (IllegalArgumentException notADuration) {
                throw new IllegalArgumentException("'" + text + "' is neither an ISO instant (2024-05-01T00:00:00Z) "
                        + "nor a duration before now (24h, 7d, PT6H)");
            }
        }
    }

    /** A duration in the shortest of the forms {@link #parseDuration} reads back: {@code 30d}, {@code 90m}, {@code PT1.5S}. */
    public static String formatDuration(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() == 0) {
            for (var unit : new Object[][]{{604800L, "w"}, {86400L, "d"}, {3600L, "h"}, {60L, "m"}, {1L, "s"}}) {
                long size = (Long) unit[0];
                if (s % size == 0 && s > 0) {
                    return s / size + (String) unit[1];
                }
            }
        }
        return d.toString();
    }

    private static List<String> splitUnescaped(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                current.append("\\,");
                i++;
            } else if (c == '\'') {
                quoted = !quoted;
                current.append(c);
            } else if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
