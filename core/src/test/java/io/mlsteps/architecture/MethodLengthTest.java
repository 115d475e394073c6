package io.mlsteps.architecture;

import io.mlsteps.run.StepCatalog;
import io.mlsteps.step.MlStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No method of a step class is longer than {@link #LIMIT} lines (declaration to closing brace): a step reads its
 * request into settings, then runs short phases. The step classes are the eight {@code MlStep} implementations
 * and the classes that hold a step's phases ({@link #PHASE_CLASSES}). Methods still over the limit are listed in
 * {@link #STILL_LONG} with their length today; the list may only shrink, and a listed method may not grow.
 */
class MethodLengthTest {
    static final int LIMIT = 60;
    /** Classes that hold a step's phases outside its MlStep class. */
    static final List<Class<?>> PHASE_CLASSES = List.of(io.mlsteps.validate.Validation.class,
            phaseClass("io.mlsteps.drift.DriftChecks"), phaseClass("io.mlsteps.drift.DriftInputs"),
            phaseClass("io.mlsteps.evaluate.ModelScoring"), phaseClass("io.mlsteps.evaluate.PredictionsFileScoring"),
            phaseClass("io.mlsteps.compare.BaselineResolver"), phaseClass("io.mlsteps.compare.PairedComparison"),
            phaseClass("io.mlsteps.train.TrainingExamples"), phaseClass("io.mlsteps.train.TrainingOutputs"),
            phaseClass("io.mlsteps.deploy.Strategies"));
    /** Methods over the limit that are still to be split, with their length now (Class.method → lines). */
    static final Map<String, Integer> STILL_LONG = Map.of();

    @Test
    void noMethodOfAStepClassIsLongerThanTheLimit() throws IOException {
        Map<String, Integer> over = new TreeMap<>();
        for (Class<?> type : stepClasses()) {
            methodLengths(source(type)).forEach((method, lines) -> {
                if (lines > LIMIT) {
                    over.put(type.getSimpleName() + "." + method, lines);
                }
            });
        }
        Map<String, Integer> grown = new TreeMap<>();
        over.forEach((m, lines) -> {
            Integer known = STILL_LONG.get(m);
            if (known == null || lines > known) {
                grown.put(m, lines);
            }
        });
        assertThat(grown).as("methods of step classes over %d lines (split them into phases)", LIMIT).isEmpty();
        assertThat(STILL_LONG.keySet()).as("listed as still long but now short enough: remove them from the list")
                .isSubsetOf(over.keySet());
    }

    @Test
    void theScanFindsALongMethodAndMeasuresItFromDeclarationToClosingBrace(@TempDir Path dir) throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            body.append("        x += ").append(i).append(";\n");
        }
        String java = """
                package p;

                class Long {
                    private int x;

                    /** Short. */
                    public int shortOne(int a) {
                        return a + 1;
                    }

                    @Override
                    public String toString() {
                        return "{" + x + "}";
                    }

                    static <T> java.util.List<T> longOne(java.util.Map<String, T> m,
                                                         int n) {
                %s        if (n > 0) {
                            return java.util.List.of();
                        }
                        return new java.util.ArrayList<>(m.values());
                    }

                    record Inner(int a) {
                        Inner {
                            if (a < 0) {
                                throw new IllegalArgumentException("a");
                            }
                        }
                    }
                }
                """.formatted(body);
        Map<String, Integer> lengths = methodLengths(Files.writeString(dir.resolve("Long.java"), java));
        assertThat(lengths).containsEntry("shortOne", 3).containsEntry("toString", 3).containsEntry("longOne", 77)
                .containsEntry("Inner", 5).doesNotContainKey("Long");
    }

    private static List<Class<?>> stepClasses() {
        List<Class<?>> classes = new ArrayList<>();
        for (MlStep<?> step : StepCatalog.implementations().values()) {
            classes.add(step.getClass());
        }
        assertThat(classes).hasSize(8);
        classes.addAll(PHASE_CLASSES);
        return classes;
    }

    private static Path source(Class<?> type) {
        Path file = Path.of("src/main/java", type.getName().replace('.', '/') + ".java");
        assertThat(file).as("source of " + type.getName()).isRegularFile();
        return file;
    }

    /** A method or constructor: modifiers, type parameters, a return type (not for constructors), a name, '('. */
    private static final Pattern DECLARATION = Pattern.compile(
            "^(\\s+)(?:(?:public|protected|private|static|final|synchronized|abstract|default|native)\\s+)*"
                    + "(?:<[^>]*>\\s+)?(?:[\\w.$]+(?:<.*>)?(?:\\[\\])*\\s+)?(\\w+)\\s*\\(");
    private static final Pattern NOT_A_METHOD = Pattern.compile(
            "^\\s*(?:if|for|while|switch|catch|return|new|else|try|do|synchronized|throw|case)\\b|=|->|\\bclass\\b"
                    + "|\\brecord\\b|\\binterface\\b|\\benum\\b");
    private static final Pattern COMPACT_CONSTRUCTOR = Pattern.compile("^(\\s+)(?:public\\s+|private\\s+)?([A-Z]\\w*)\\s*\\{$");

    /**
     * Lengths of the methods and constructors of a source file, by name (the longest of overloads), from the
     * declaration's first line to the closing brace at the declaration's indentation (the project's layout).
     */
    static Map<String, Integer> methodLengths(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Map<String, Integer> lengths = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String indent;
            String name;
            Matcher compact = COMPACT_CONSTRUCTOR.matcher(line);
            Matcher declaration = DECLARATION.matcher(line);
            if (compact.find()) {
                indent = compact.group(1);
                name = compact.group(2);
            } else if (declaration.find() && !NOT_A_METHOD.matcher(line.substring(0, declaration.end())).find()
                    && !line.trim().startsWith("@") && !line.trim().startsWith("*")) {
                indent = declaration.group(1);
                name = declaration.group(2);
            } else {
                continue;
            }
            int open = i;
            while (open < lines.size() && !lines.get(open).stripTrailing().endsWith("{")) {
                if (lines.get(open).stripTrailing().endsWith(";")) {
                    open = -1; // abstract or interface method: no body
                    break;
                }
                open++;
            }
            if (open < 0 || open >= lines.size()) {
                continue;
            }
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).equals(indent + "}")) {
                close++;
            }
            lengths.merge(name, close - i + 1, Math::max);
            i = open;
        }
        return lengths;
    }

    /** A package-private phase class, by name. */
    private static Class<?> phaseClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("phase class " + name + " is gone: update PHASE_CLASSES", e);
        }
    }
}
