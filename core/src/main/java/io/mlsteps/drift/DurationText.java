package io.mlsteps.drift;

import io.mlsteps.util.InputException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Jenkinsfile authors write them: {@code 30d}, {@code 24h}, {@code 15m}, {@code 2w}, or ISO {@code PT24H}. */
final class DurationText {
    private static final Pattern SHORT = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*(s|m|h|d|w)\\s*$");

    private DurationText() {
    }

    static Duration parse(String text, String argument) {
        Matcher m = SHORT.matcher(text == null ? "" : text.toLowerCase(java.util.Locale.ROOT));
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
            throw new InputException(argument, "'" + text + "' is not a duration; expected e.g. 30d, 24h, 15m, 2w or PT24H");
        }
    }

    /** An instant: ISO-8601 ({@code 2024-05-01T00:00:00Z}), or a duration meaning that long before {@code now}. */
    static Instant instantOrAgo(String text, Instant now, String argument) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            return now.minus(parse(text, argument));
        }
    }
}
