package io.mlsteps.jenkins.frontends;

import io.mlsteps.contract.bind.ArgKind;
import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.jenkins.Fixtures;
import io.mlsteps.jenkins.engine.EngineRequest;
import io.mlsteps.jenkins.engine.JavaCommand;
import io.mlsteps.jenkins.steps.MlStep;
import io.mlsteps.jenkins.steps.QualityGate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The one contract, seen from every front end. Every argument of every step is one CLI option (the real
 * {@code mlsteps} command's help), one plugin property with a setter, a help file and a Snippet Generator field, and
 * one row of its docs page; and the same Jenkinsfile (map-valued {@code params}, lists, nested
 * {@code qualityGates}, GStrings) gives the same {@code request.json} through the local runner ({@code mlsteps
 * run}, the real engine) and through the plugin (its step classes instantiated as structs does, then its request
 * builder). Needs the CLI jar (cli/target/mlsteps.jar); skips without it.
 */
class FrontEndsTest {
    private static Path jar;
    private static ClassLoader groovy;

    @TempDir
    Path work;

    @BeforeAll
    static void findJar() throws Exception {
        jar = Fixtures.pluginDir().resolve("../cli/target/mlsteps.jar").normalize();
        assumeTrue(Files.isRegularFile(jar), "the CLI jar is not built (" + jar + "); run ./mvnw -pl cli -am package first");
        groovy = new URLClassLoader(new URL[]{jar.toUri().toURL()}, FrontEndsTest.class.getClassLoader());
    }

    private static Class<? extends MlStep> pluginClass(String step) throws ClassNotFoundException {
        String name = "io.mlsteps.jenkins.steps." + Character.toUpperCase(step.charAt(0)) + step.substring(1) + "Step";
        return Class.forName(name).asSubclass(MlStep.class);
    }

    private static String resource(Class<?> type, String file) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + "/" + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String mlsteps(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        command.addAll(Arrays.asList(args));
        Path log = Files.createTempFile(work, "mlsteps", ".log");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mlsteps " + String.join(" ", args) + " did not finish: " + Files.readString(log));
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as("mlsteps " + String.join(" ", args) + "\n" + out).isZero();
        return out;
    }

    /** The engine's Java: the first an agent may have (the build's own where bin/test runs it). */
    private static String java() {
        return Fixtures.engineJavas().get(0);
    }

    @Test
    void everyArgumentIsOneCliOptionOnePluginPropertyWithHelpAndFieldAndOneDocsRow() throws Exception {
        for (RecordSpec<?> spec : Steps.all()) {
            String step = spec.step().orElseThrow().name();
            String help = mlsteps(spec.step().orElseThrow().command(), "--help");
            String docs = Files.readString(Fixtures.pluginDir().resolve("../docs/steps/" + step + ".md"));
            Class<? extends MlStep> plugin = pluginClass(step);
            String config = resource(plugin, "config.jelly");
            List<String> constructor = Arrays.stream(Arrays.stream(plugin.getConstructors())
                    .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).findFirst().orElseThrow()
                    .getParameters()).map(Parameter::getName).toList();
            assertThat(constructor).as(step + " constructor").containsExactlyElementsOf(
                    spec.args().stream().filter(ArgSpec::required).map(ArgSpec::name).toList());
            for (ArgSpec arg : spec.args()) {
                String what = step + "." + arg.name();
                String option = arg.cliNames().get(0);
                String shown = arg.kind() == ArgKind.BOOLEAN ? "--[no-]" + option.substring(2) : option;
                long lines = help.lines().filter(l -> l.matches("\\s+(-\\w, )?" + java.util.regex.Pattern.quote(shown)
                        + "([=\\s].*)?")).count();
                assertThat(lines).as(what + " CLI option " + shown + " in\n" + help).isEqualTo(1);
                assertThat(docs).as(what + " docs row").containsOnlyOnce("\n| `" + arg.name() + "` |");
                assertThat(resource(plugin, "help-" + arg.name() + ".html")).as(what + " help").isNotBlank();
                assertThat(config).as(what + " form field").containsOnlyOnce((arg.name().equals("qualityGates")
                        ? "<f:repeatableProperty field=\"" : "field=\"") + arg.name() + "\"");
                String suffix = Character.toUpperCase(arg.name().charAt(0)) + arg.name().substring(1);
                Method getter = Arrays.stream(plugin.getMethods())
                        .filter(m -> m.getName().equals("get" + suffix) || m.getName().equals("is" + suffix))
                        .findFirst().orElseThrow(() -> new AssertionError(what + " has no getter"));
                assertThat(getter.getParameterCount()).isZero();
                if (!arg.required()) {
                    assertThat(Arrays.stream(plugin.getMethods()).filter(m -> m.getName().equals("set" + suffix)
                            && m.isAnnotationPresent(DataBoundSetter.class)).count()).as(what + " setter").isEqualTo(1);
                }
            }
            for (ArgSpec arg : Steps.execution().args()) {
                assertThat(config).as(step + " form field " + arg.name()).containsOnlyOnce("field=\"" + arg.name() + "\"");
                assertThat(resource(plugin, "help-" + arg.name() + ".html")).isNotBlank();
            }
        }
        String gateConfig = resource(QualityGate.class, "config.jelly");
        for (ArgSpec arg : RecordSpec.of(io.mlsteps.contract.gate.QualityGate.class).args()) {
            assertThat(gateConfig).as("qualityGate form field " + arg.name()).containsOnlyOnce("field=\"" + arg.name() + "\"");
            assertThat(resource(QualityGate.class, "help-" + arg.name() + ".html")).isNotBlank();
        }
    }

    private static final String JENKINSFILE = """
            node {
              def data = 'train.csv'
              stage('Validate') {
                validateData(data: "${data}", schema: 'schema.json', missingValues: ['', 'NA'],
                    anomalyCriticality: [UNEXPECTED_COLUMN: 'NOTE', DUPLICATE_ROWS: 'OFF'], failOnError: false)
              }
              stage('Train') {
                trainModel(data: "${data}", labelColumn: 'y', algorithm: 'cart', params: [max_depth: 4, min_child_weight: 2],
                    categoricalFeatures: ['season'], excludeFeatures: ['id'], seed: 7, validationSplit: 0.25,
                    qualityGates: [[metric: 'accuracy', threshold: 0.5, criticality: 'FAILURE']])
              }
              stage('Evaluate') {
                evaluateModel(model: '.mlsteps/builds/1/trainModel/model.tribuo', data: 'test.csv', labelColumn: 'y',
                    slices: ['season'], bootstrap: 50, confidenceLevel: 0.9, charts: false,
                    qualityGates: [[metric: 'accuracy[season=*]', threshold: 0.1, criticality: 'NOTE'],
                                   [metric: 'balanced_accuracy', threshold: 0.1, direction: 'HIGHER_IS_BETTER']])
              }
              stage('Compare') {
                compareToBaseline(previousResult: 'no-previous-build.json', resamples: 200, seed: 3,
                    qualityGates: [[metric: 'accuracy', maxDrop: 0.02, criticality: 'ERROR'],
                                   [metric: 'f1_macro', maxRelativeDrop: 0.05, minImprovement: 0]], failOnError: false)
              }
              stage('Drift') {
                checkDrift(reference: "${data}", current: 'test.csv', excludeColumns: ['id'], columnThresholds: [x: 0.3],
                    columnMethods: [season: 'chi2'], columnWeights: [x: 2, season: 1], maxModelAge: '30d',
                    registeredAt: '2026-01-01T00:00:00Z', asOf: '2026-01-15T00:00:00Z', charts: false, failOnError: false)
              }
              stage('Register') {
                registerModel(name: 'toy', model: '.mlsteps/builds/1/trainModel/model.tribuo', registry: 'registry',
                    tags: [team: 'ml', ticket: 42], results: ['.mlsteps/builds/1/evaluateModel/result.json'],
                    alias: 'staging', failOnError: false)
              }
            }
            """;

    @Test
    void theSameJenkinsfileWritesTheSameRequestThroughTheRunnerAndThePlugin() throws Exception {
        StringBuilder train = new StringBuilder("id,x,season,y\n");
        StringBuilder test = new StringBuilder("id,x,season,y\n");
        for (int i = 0; i < 120; i++) {
            String row = i + "," + (i % 17) + "," + (i % 4 + 1) + "," + (i % 17 > 8 ? "high" : "low") + "\n";
            (i % 3 == 0 ? test : train).append(row);
        }
        Files.writeString(work.resolve("train.csv"), train);
        Files.writeString(work.resolve("test.csv"), test);
        mlsteps("infer-schema", "train.csv", "-o", "schema.json", "--quiet");
        Files.writeString(work.resolve("Jenkinsfile"), JENKINSFILE);
        mlsteps("run", "Jenkinsfile", "--workspace", work.toString(), "--no-report");

        List<Map.Entry<String, Map<String, Object>>> calls = pipelineCalls(JENKINSFILE);
        assertThat(calls).extracting(Map.Entry::getKey).containsExactly("validateData", "trainModel", "evaluateModel",
                "compareToBaseline", "checkDrift", "registerModel");
        Structs structs = new Structs(groovy);
        for (Map.Entry<String, Map<String, Object>> call : calls) {
            MlStep step = structs.instantiate(pluginClass(call.getKey()), call.getValue());
            String plugin = EngineRequest.toJson(call.getKey(), step.requestArguments(), null);
            Path runner = work.resolve(".mlsteps/builds/1/" + call.getKey() + "/request.json");
            assertThat(runner).as(call.getKey() + " ran in the local runner").exists();
            assertThat(plugin).as(call.getKey() + ": the plugin's request.json is the runner's")
                    .isEqualTo(Files.readString(runner));
        }
        String trainRequest = Files.readString(work.resolve(".mlsteps/builds/1/trainModel/request.json"));
        assertThat(trainRequest).contains("\"params\": {\n    \"max_depth\": 4,\n    \"min_child_weight\": 2\n  }")
                .contains("\"categoricalFeatures\": [\"season\"]").contains("\"criticality\": \"FAILURE\"");
    }

    /**
     * The ML step calls of a scripted Jenkinsfile with their arguments as Groovy made them (GStrings, Integers,
     * BigDecimals, maps, lists): Groovy (from the engine jar, on the engine's Java) runs the Jenkinsfile with the
     * steps capturing their arguments, and hands them over serialized, types and all.
     */
    @SuppressWarnings("unchecked")
    private List<Map.Entry<String, Map<String, Object>>> pipelineCalls(String jenkinsfile) throws Exception {
        StringBuilder script = new StringBuilder("calls = []\ndef node(Closure b) { b() }\ndef stage(String n, Closure b) { b() }\n");
        for (String step : Steps.names()) {
            script.append("def ").append(step).append("(Map m) { calls << new AbstractMap.SimpleEntry('")
                    .append(step).append("', m); [:] }\n");
        }
        script.append(jenkinsfile).append("\nnew File(args[0]).withObjectOutputStream { it.writeObject(calls) }\n");
        Path file = Files.writeString(work.resolve("capture.groovy"), script);
        Path calls = work.resolve("calls.bin");
        List<String> command = List.of(java(), "-cp", jar.toString(), "groovy.ui.GroovyMain", file.toString(), calls.toString());
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(calls)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
                return Class.forName(desc.getName(), false, groovy);
            }
        }) {
            return (List<Map.Entry<String, Map<String, Object>>>) in.readObject();
        }
    }
}
