package io.mlsteps.cli.runner;

import io.mlsteps.cli.Main;
import io.mlsteps.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code groovy} block of README.md, docs/ and samples/ runs through the local runner, as written, on small
 * data: the bundled penguins split into {@code data/train.csv} and {@code data/test.csv}, and samples of the adult
 * data ({@code data/adult_train.csv}, {@code data/adult_test.csv}) where ../shared/datasets is present. A block is
 * run as a whole Jenkinsfile, inside {@code pipeline { agent any; stages { ... } }} when it is a declarative stage,
 * inside {@code node { }} when it is scripted. An HTML comment on the line above a block (invisible on GitHub)
 * says what else it needs:
 * <pre>{@code <!-- runner-test: continues; prelude=trained-adult; setup=adult-production; expect=UNSTABLE -->}</pre>
 * {@code continues}: the block follows on from the block above (one Jenkinsfile); {@code prelude}: Groovy this test
 * puts before the block (a model trained in an earlier stage); {@code setup}: files or a registry this test prepares
 * first; {@code expect}: the result when it is not SUCCESS; {@code skip=reason}: a block that needs what a test
 * cannot have here, reported as skipped with the reason.
 */
class DocsJenkinsfilesTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern DIRECTIVES = Pattern.compile("^<!--\\s*runner-test:(.*?)-->\\s*$");
    private static final Pattern FENCE = Pattern.compile("^```groovy(\\s.*)?$");
    private static String originalHome;
    private static Path home;

    /** One Jenkinsfile made of one block, or of a block and those that continue it. */
    record Example(String name, String code, Map<String, String> directives) {
        String directive(String key) {
            return directives.get(key);
        }

        boolean declarativeStages() {
            return code.stripLeading().startsWith("stage(") && code.contains("steps {");
        }

        boolean whole() {
            return Pattern.compile("^(pipeline|node)\\s*(\\(.*\\))?\\s*\\{", Pattern.MULTILINE).matcher(code).find();
        }
    }

    /** Deployments and a registry a block names by default go under a home folder of the test, never the user's. */
    @BeforeAll
    static void temporaryHome() throws IOException {
        originalHome = System.getProperty("user.home");
        home = Files.createTempDirectory("mlsteps-docs-home");
        System.setProperty("user.home", home.toString());
    }

    @AfterAll
    static void restoreHome() {
        System.setProperty("user.home", originalHome);
        DeployedServers.stopUnder(home);
    }

    @TestFactory
    Stream<DynamicTest> everyGroovyBlockOfTheDocsRuns() throws IOException {
        List<Example> examples = examples();
        assertThat(examples).as("groovy blocks found in README.md, docs/ and samples/").hasSizeGreaterThan(10);
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> run(e)));
    }

    // ------------------------------------------------------------------ reading the docs

    static List<Example> examples() throws IOException {
        List<Path> files = new ArrayList<>(List.of(REPO.resolve("README.md")));
        for (String folder : List.of("docs", "samples")) {
            try (Stream<Path> walk = Files.walk(REPO.resolve(folder))) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        List<Example> examples = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (!FENCE.matcher(lines.get(i)).matches()) {
                    continue;
                }
                int start = i;
                StringBuilder code = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    code.append(lines.get(i)).append('\n');
                }
                Map<String, String> directives = start > 0 ? directives(lines.get(start - 1)) : Map.of();
                String name = REPO.relativize(file) + ":" + (start + 1);
                if (directives.containsKey("continues") && !examples.isEmpty()) {
                    Example previous = examples.remove(examples.size() - 1);
                    Map<String, String> merged = new LinkedHashMap<>(previous.directives());
                    directives.forEach((k, v) -> {
                        if (!k.equals("continues")) {
                            merged.put(k, v);
                        }
                    });
                    examples.add(new Example(previous.name() + "+" + (start + 1), previous.code() + code, merged));
                } else {
                    examples.add(new Example(name, code.toString(), directives));
                }
            }
        }
        return examples;
    }

    static Map<String, String> directives(String line) {
        Map<String, String> directives = new LinkedHashMap<>();
        Matcher m = DIRECTIVES.matcher(line.trim());
        if (m.matches()) {
            for (String part : m.group(1).split(";")) {
                String p = part.trim();
                if (!p.isEmpty()) {
                    int eq = p.indexOf('=');
                    directives.put(eq < 0 ? p : p.substring(0, eq).trim(), eq < 0 ? "" : p.substring(eq + 1).trim());
                }
            }
        }
        return directives;
    }

    // ------------------------------------------------------------------ running one

    private void run(Example example) throws Exception {
        Assumptions.assumeTrue(example.directive("skip") == null, () -> "skipped: " + example.directive("skip"));
        Path workspace = Files.createTempDirectory("mlsteps-docs");
        try {
            prepareData(workspace, example.code() + example.directives());
            Map<String, String> env = Map.of("MLSTEPS_REGISTRY", workspace.resolve(".mlsteps/registry").toString());
            if (example.directive("setup") != null) {
                for (String setup : example.directive("setup").split(",")) {
                    setup(setup.trim(), workspace, env);
                }
            }
            String jenkinsfile = jenkinsfile(example);
            Files.writeString(workspace.resolve("Jenkinsfile"), jenkinsfile);
            Build build = build(workspace, "Jenkinsfile", env);
            Result expected = example.directive("expect") == null ? Result.SUCCESS
                    : Result.parse(example.directive("expect"), "expect");
            assertThat(build.result).as("%s run as%n%s%nlog:%n%s", example.name(), jenkinsfile, build.log)
                    .isEqualTo(expected);
        } finally {
            DeployedServers.stopUnder(workspace);
            deleteTree(workspace);
        }
    }

    /** The block as a whole Jenkinsfile, with the prelude the block names before it. */
    static String jenkinsfile(Example example) {
        String prelude = example.directive("prelude") == null ? "" : PRELUDES.get(example.directive("prelude"));
        assertThat(prelude).as("prelude %s of %s", example.directive("prelude"), example.name()).isNotNull();
        if (example.whole()) {
            assertThat(prelude).as("a whole Jenkinsfile (%s) takes no prelude", example.name()).isEmpty();
            return example.code();
        }
        if (example.declarativeStages()) {
            String stage = prelude.isEmpty() ? "" : "stage('Prelude') {\n  steps {\n    script {\n" + prelude
                    + "    }\n  }\n}\n";
            return "pipeline {\n  agent any\n  stages {\n" + stage + example.code() + "  }\n}\n";
        }
        return "node {\n" + prelude + example.code() + "}\n";
    }

    /** Groovy a block builds on, as the page says it comes after ("after trainModel and evaluateModel"). */
    static final Map<String, String> PRELUDES = Map.of(
            "trained-adult", """
                    trained = trainModel data: 'data/adult_train.csv', labelColumn: 'income',
                        algorithm: 'logistic_regression', seed: 42
                    """,
            "evaluated-adult", """
                    trained = trainModel data: 'data/adult_train.csv', labelColumn: 'income',
                        algorithm: 'logistic_regression', seed: 42
                    evaluated = evaluateModel model: trained.outputs.model, data: 'data/adult_test.csv',
                        labelColumn: 'income', qualityGates: [[metric: 'accuracy', threshold: 0.8, criticality: 'FAILURE']]
                    """);

    record Build(Result result, String log) {
    }

    static Build build(Path workspace, String jenkinsfile, Map<String, String> env) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        RunSettings settings = new RunSettings(workspace.resolve(jenkinsfile), workspace, workspace.resolve(".mlsteps"),
                "docs", "main", Map.of(), false);
        JenkinsfileRunner.Outcome outcome = JenkinsfileRunner.run(settings, console, null, env);
        return new Build(outcome.result(), bytes.toString(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ data and setups

    /** The penguins split every 5th row into test (as the sample does); adult samples when the block reads them. */
    static void prepareData(Path workspace, String mentions) throws IOException {
        Path data = Files.createDirectories(workspace.resolve("data"));
        List<String> penguins = Files.readAllLines(REPO.resolve("samples/data/penguins.csv"));
        List<String> train = new ArrayList<>(List.of(penguins.get(0)));
        List<String> test = new ArrayList<>(List.of(penguins.get(0)));
        for (int i = 1; i < penguins.size(); i++) {
            ((i + 1) % 5 == 0 ? test : train).add(penguins.get(i));
        }
        Files.write(data.resolve("train.csv"), train);
        Files.write(data.resolve("test.csv"), test);
        if (mentions.contains("adult")) {
            adultSample(data);
        }
    }

    private static final List<String> ADULT_CATEGORICAL = List.of("workclass", "education", "marital_status",
            "occupation", "relationship", "race", "sex", "native_country", "income");

    /**
     * A small adult: the first 5,000 training rows and then rows until every category appears ten times (so a
     * model trained on it has seen each one), and the first 3,000 test rows whose categories it has seen.
     */
    static void adultSample(Path data) throws IOException {
        List<String> train = Files.readAllLines(SharedData.require("adult/adult_train.csv"));
        List<String> header = List.of(train.get(0).split(",", -1));
        int[] categorical = ADULT_CATEGORICAL.stream().mapToInt(header::indexOf).toArray();
        Map<String, Integer> counts = new java.util.HashMap<>();
        List<String> sample = new ArrayList<>(List.of(train.get(0)));
        for (int i = 1; i < train.size(); i++) {
            String[] values = train.get(i).split(",", -1);
            boolean rare = false;
            for (int c : categorical) {
                rare |= counts.getOrDefault(c + "=" + values[c], 0) < 10;
            }
            if (i <= 5000 || rare) {
                sample.add(train.get(i));
                for (int c : categorical) {
                    counts.merge(c + "=" + values[c], 1, Integer::sum);
                }
            }
        }
        List<String> test = Files.readAllLines(SharedData.require("adult/adult_test.csv"));
        List<String> testSample = new ArrayList<>(List.of(test.get(0)));
        for (int i = 1; i < test.size() && testSample.size() <= 3000; i++) {
            String[] values = test.get(i).split(",", -1);
            boolean seen = true;
            for (int c : categorical) {
                seen &= counts.containsKey(c + "=" + values[c]);
            }
            if (seen) {
                testSample.add(test.get(i));
            }
        }
        Files.write(data.resolve("adult_train.csv"), sample);
        Files.write(data.resolve("adult_test.csv"), testSample);
    }

    /**
     * What a block finds prepared in its workspace: a registry whose production model (adult@1) is a depth-4
     * tree the examples' candidates beat, a prediction log, weekly files, a schema, a model trained in Python.
     */
    private static void setup(String name, Path workspace, Map<String, String> env) throws Exception {
        switch (name) {
            case "adult-production" -> {
                Files.writeString(workspace.resolve("Setup.Jenkinsfile"), """
                        node {
                          def t = trainModel data: 'data/adult_train.csv', labelColumn: 'income',
                              algorithm: 'cart', params: [max_depth: 4], seed: 1
                          def e = evaluateModel model: t.outputs.model, data: 'data/adult_test.csv', labelColumn: 'income'
                          registerModel name: 'adult', model: t.outputs.model, metrics: e.outputs.metrics, alias: 'production'
                        }
                        """);
                Build setup = build(workspace, "Setup.Jenkinsfile", env);
                assertThat(setup.result).as("setup adult-production:%n%s", setup.log).isEqualTo(Result.SUCCESS);
            }
            case "adult-prediction-log" -> predictionLog(workspace);
            case "adult-incoming" -> {
                // two files of new rows to score, each row with a customer id the scores carry along
                List<String> rows = Files.readAllLines(workspace.resolve("data/adult_test.csv"));
                Path incoming = Files.createDirectories(workspace.resolve("incoming"));
                int half = rows.size() / 2;
                for (int part = 0; part < 2; part++) {
                    List<String> lines = new ArrayList<>(List.of("customer_id," + rows.get(0)));
                    for (int i = Math.max(1, part * half); i < (part == 0 ? half : rows.size()); i++) {
                        lines.add("c" + i + "," + rows.get(i));
                    }
                    Files.write(incoming.resolve("part-" + (part + 1) + ".csv"), lines);
                }
            }
            case "adult-weeks" -> {
                List<String> rows = Files.readAllLines(workspace.resolve("data/adult_test.csv"));
                Path week = Files.createDirectories(workspace.resolve("data/this_week"));
                int half = rows.size() / 2;
                Files.write(week.resolve("monday.csv"), rows.subList(0, half));
                List<String> rest = new ArrayList<>(List.of(rows.get(0)));
                rest.addAll(rows.subList(half, rows.size()));
                Files.write(week.resolve("thursday.csv"), rest);
                Files.write(workspace.resolve("data/next_week.csv"), rows);
            }
            case "adult-schema" -> {
                int code = Main.execute(new String[] {"infer-schema", workspace.resolve("data/adult_train.csv").toString(),
                        "-o", workspace.resolve("schema.json").toString(), "--label", "income"});
                assertThat(code).as("mlsteps infer-schema").isZero();
            }
            case "python-churn" -> {
                Path out = Files.createDirectories(workspace.resolve("out"));
                Files.write(out.resolve("model.pkl"), new byte[] {(byte) 0x80, 4, 'N', '.'});
                Files.writeString(out.resolve("metrics.json"), "{\"metrics\": {\"roc_auc\": 0.86, \"accuracy\": 0.81}}");
            }
            default -> throw new AssertionError("unknown setup " + name);
        }
    }

    /**
     * A prediction log of the last hours as {@code mlsteps serve} writes it (one JSON line per prediction, the
     * model's inputs, its answer) for the adult test rows, and the labels that arrived later, by request id.
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper ONE_LINE = new com.fasterxml.jackson.databind.ObjectMapper();

    private static void predictionLog(Path workspace) throws IOException {
        List<String> rows = Files.readAllLines(workspace.resolve("data/adult_test.csv"));
        List<String> columns = List.of(rows.get(0).split(",", -1));
        int label = columns.indexOf("income");
        List<String> log = new ArrayList<>();
        List<String> labels = new ArrayList<>(List.of("requestId,label"));
        Instant now = Instant.now();
        for (int i = 1; i < rows.size(); i++) {
            String[] values = rows.get(i).split(",", -1);
            Map<String, Object> inputs = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                if (c != label) {
                    inputs.put(columns.get(c), values[c].isEmpty() ? null : values[c]);
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("time", now.minusSeconds(10L * i).toString());
            entry.put("model", "adult");
            entry.put("version", "1");
            entry.put("role", "primary");
            entry.put("requestId", "r" + i);
            entry.put("inputs", inputs);
            entry.put("output", Map.of("label", values[label], "scores", Map.of()));
            log.add(ONE_LINE.writeValueAsString(entry));
            labels.add("r" + i + "," + values[label]);
        }
        Files.write(Files.createDirectories(workspace.resolve("logs")).resolve("predictions.jsonl"), log);
        Files.write(Files.createDirectories(workspace.resolve("labels")).resolve("yesterday.csv"), labels);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
