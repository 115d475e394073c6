package io.mlsteps.jenkins.results;

import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import io.mlsteps.jenkins.engine.EngineResult;
import io.mlsteps.contract.result.Outcome;
import io.mlsteps.jenkins.engine.ContractResult;
import io.mlsteps.jenkins.trend.StepRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build page serves a step's charts from files a result.json names; that file comes from the workspace, which
 * anyone who can change the build can write. Only PNG images are served, sandboxed; an SVG or HTML "chart" is not.
 */
class MlRunActionWebTest {
    @TempDir
    Path root;

    private MlRunAction action;
    private String dir;

    static final class TestJob extends Job<TestJob, TestRun> {
        TestJob() {
            super((ItemGroup) null, "p");
        }
    }

    static final class TestRun extends Run<TestJob, TestRun> {
        private final File rootDir;

        TestRun(File rootDir) throws IOException {
            super(new TestJob());
            this.rootDir = rootDir;
        }

        @Override
        public File getRootDir() {
            return rootDir;
        }
    }

    /** What a response was asked to do. */
    static final class Answer {
        final Map<String, String> headers = new LinkedHashMap<>();
        Integer error;
        String contentType;
        URL served;
    }

    private static StaplerRequest2 request(String restOfPath) {
        return (StaplerRequest2) Proxy.newProxyInstance(MlRunActionWebTest.class.getClassLoader(),
                new Class<?>[] {StaplerRequest2.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRestOfPath" -> restOfPath;
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static StaplerResponse2 response(Answer answer) {
        return (StaplerResponse2) Proxy.newProxyInstance(MlRunActionWebTest.class.getClassLoader(),
                new Class<?>[] {StaplerResponse2.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setHeader" -> answer.headers.put((String) args[0], (String) args[1]);
                        case "sendError" -> answer.error = (Integer) args[0];
                        case "setContentType" -> answer.contentType = (String) args[0];
                        case "serveFile" -> answer.served = (URL) args[1];
                        default -> {
                        }
                    }
                    return null;
                });
    }

    private Answer chart(String file) throws Exception {
        Answer answer = new Answer();
        action.doChart(request("/" + dir + "/" + file), response(answer));
        return answer;
    }

    @BeforeEach
    void aStepWithCharts() throws Exception {
        String json = """
                {"schemaVersion":1,"step":"evaluateModel","status":"SUCCESS","passed":true,"checks":[],"metrics":{},
                 "charts":[{"id":"roc","title":"ROC","path":"charts/roc.png"},
                           {"id":"x","title":"x","path":"charts/evil.svg"},
                           {"id":"y","title":"y","path":"charts/evil.html"},
                           {"id":"z","title":"z","path":"charts/disguised.png"}]}
                """;
        EngineResult result = EngineResult.parse(json);
        TestRun run = new TestRun(root.toFile());
        action = MlRunAction.forRun(run);
        dir = action.nextDir("evaluateModel");
        action.add(StepRecord.of("evaluateModel", dir, result, Outcome.of("evaluateModel", ContractResult.of(result), 0, true), List.of()));
        Path charts = root.resolve("mlsteps").resolve(dir).resolve("charts");
        Files.createDirectories(charts);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        Files.write(charts.resolve("roc.png"), png);
        String script = "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(document.cookie)</script></svg>";
        Files.writeString(charts.resolve("evil.svg"), script, StandardCharsets.UTF_8);
        Files.writeString(charts.resolve("evil.html"), "<script>alert(1)</script>", StandardCharsets.UTF_8);
        Files.writeString(charts.resolve("disguised.png"), "<html><script>alert(1)</script>", StandardCharsets.UTF_8);
    }

    @Test
    void aPngChartIsServedSandboxedAsAnImage() throws Exception {
        Answer answer = chart("charts/roc.png");
        assertThat(answer.error).isNull();
        assertThat(answer.served).isNotNull();
        assertThat(answer.contentType).isEqualTo("image/png");
        assertThat(answer.headers).containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(answer.headers.get("Content-Security-Policy")).startsWith("sandbox").contains("default-src 'none'");
    }

    @Test
    void anSvgOrHtmlChartIsRefused() throws Exception {
        for (String file : List.of("charts/evil.svg", "charts/evil.html", "charts/disguised.png")) {
            Answer answer = chart(file);
            assertThat(answer.served).as(file).isNull();
            assertThat(answer.error).as(file).isEqualTo(404);
        }
    }

    @Test
    void onlyChartsAStepListedAreServed() throws Exception {
        assertThat(chart("../../../etc/passwd").error).isEqualTo(404);
        assertThat(chart("result.json").error).isEqualTo(404);
    }
}
