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

    static String human(long millis) {
        if (millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Ant-style match of one path or branch name: {@code *}, {@code ?} and {@code **}. */
    static boolean globMatches(String glob, String value) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(value))
                || (glob.startsWith("**/") && globMatches(glob.substring(3), value));
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
