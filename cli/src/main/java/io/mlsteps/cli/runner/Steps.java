package io.mlsteps.cli.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Small helpers of the common steps: argument reading, Ant-style globs, time units. */
final class Steps {
    private Steps() {
    }

    /** Reads {@code time} and {@code unit} (default MINUTES) as Jenkins' timeout and sleep do. */
    static long timeoutMillis(Map<?, ?> args) {
        Object time = args.get("time");
        if (!(time instanceof Number n)) {
            throw new PipelineError("timeout: 'time' must be a number, got " + time);
        }
        Object unit = args.containsKey("unit") ? args.get("unit") : "MINUTES";
        return unit(unit, "timeout").toMillis(n.longValue());
    }

    static TimeUnit unit(Object unit, String step) {
        try {
            return TimeUnit.valueOf(String.valueOf(unit).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PipelineError(step + ": unknown unit '" + unit + "'; expected SECONDS, MINUTES, HOURS, ...");
        }
    }

    /** A duration as Jenkins' {@code Util.getTimeSpanString} writes it: "10 sec", "1 min 30 sec", "0.5 sec", "20 ms". */
    static String human(long millis) {
        long hours = millis / 3_600_000;
        long minutes = millis % 3_600_000 / 60_000;
        long seconds = millis % 60_000 / 1000;
        long rest = millis % 1000;
        if (hours > 0) {
            return hours + " hr" + (hours < 10 ? " " + minutes + " min" : "");
        }
        if (minutes > 0) {
            return minutes + " min" + (minutes < 10 ? " " + seconds + " sec" : "");
        }
        if (seconds >= 10) {
            return seconds + " sec";
        }
        if (seconds >= 1) {
            return decimal(seconds + rest / 100 / 10.0) + " sec";
        }
        return rest >= 100 ? decimal(rest / 10 / 100.0) + " sec" : rest + " ms";
    }

    private static String decimal(double value) {
        return new java.text.DecimalFormat("0.##", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }

    /** A Groovy map's entries with text keys. */
    static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    /**
     * Ant's {@code SelectorUtils.matchPath}, as Jenkins' GLOB comparator uses it: {@code /}-separated segments,
     * {@code **} for any number of segments (none included), {@code *} and {@code ?} within one segment.
     */
    static boolean antMatches(String pattern, String value, boolean caseSensitive) {
        String[] patternSegments = segments(caseSensitive ? pattern : pattern.toLowerCase(Locale.ROOT));
        String[] valueSegments = segments(caseSensitive ? value : value.toLowerCase(Locale.ROOT));
        return antMatches(patternSegments, 0, valueSegments, 0);
    }

    private static boolean antMatches(String[] pattern, int p, String[] value, int v) {
        if (p == pattern.length) {
            return v == value.length;
        }
        if (pattern[p].equals("**")) {
            for (int skip = v; skip <= value.length; skip++) {
                if (antMatches(pattern, p + 1, value, skip)) {
                    return true;
                }
            }
            return false;
        }
        return v < value.length && segmentMatches(pattern[p], value[v]) && antMatches(pattern, p + 1, value, v + 1);
    }

    private static boolean segmentMatches(String pattern, String segment) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return segment.matches(regex.toString());
    }

    private static String[] segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /**
     * Files under {@code base} matching comma-separated Ant patterns ({@code models/**}, {@code *.csv}),
     * minus the excludes; paths relative to base, sorted.
     */
    static List<Path> findFiles(Path base, String includes, String excludes) {
        List<PathMatcher> in = matchers(includes);
        List<PathMatcher> out = excludes == null || excludes.isBlank() ? List.of() : matchers(excludes);
        List<Path> found = new ArrayList<>();
        // the run folder holds the build history: searched only when a pattern names it
        boolean intoRunDir = includes.contains(".mlsteps");
        if (!Files.isDirectory(base)) {
            return found;
        }
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !intoRunDir && dir.getFileName() != null && dir.getFileName().toString().equals(".mlsteps")
                            && !dir.equals(base) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Path rel = base.relativize(file);
                    if (in.stream().anyMatch(m -> m.matches(rel)) && out.stream().noneMatch(m -> m.matches(rel))) {
                        found.add(rel);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(null);
        return found;
    }

    private static List<PathMatcher> matchers(String patterns) {
        List<PathMatcher> list = new ArrayList<>();
        for (String p : patterns.split(",")) {
            String glob = p.trim();
            if (glob.isEmpty()) {
                continue;
            }
            if (glob.endsWith("/")) {
                glob = glob + "**";
            }
            list.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            // Ant's "**/" also matches no folder at all
            String g = glob;
            while (g.startsWith("**/")) {
                g = g.substring(3);
                list.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
            }
            if (g.contains("/**/")) {
                list.add(FileSystems.getDefault().getPathMatcher("glob:" + g.replace("/**/", "/")));
            }
        }
        return list;
    }

    static String string(Map<?, ?> args, String key, String step) {
        Object v = args.get(key);
        if (v == null) {
            throw new PipelineError(step + ": missing argument '" + key + "'");
        }
        return v.toString();
    }

    static boolean flag(Map<?, ?> args, String key) {
        Object v = args.get(key);
        return v instanceof Boolean b ? b : v != null && Boolean.parseBoolean(v.toString());
    }
}
