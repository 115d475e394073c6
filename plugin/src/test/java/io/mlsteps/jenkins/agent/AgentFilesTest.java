package io.mlsteps.jenkins.agent;

import hudson.FilePath;
import io.mlsteps.jenkins.engine.EngineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine writes UTF-8; the plugin reads it as UTF-8 whatever the agent's default charset is. */
class AgentFilesTest {
    @Test
    void aResultWithNonAsciiTextReadsBackUnchanged(@TempDir Path dir) throws Exception {
        String message = "Genauigkeit 0,75 für Adélie ≥ 0,9 — verfehlt";
        String json = """
                {"schemaVersion":1,"step":"evaluateModel","status":"UNSTABLE","passed":false,"summary":"%s",
                 "checks":[],"metrics":{}}
                """.formatted(message);
        Path file = dir.resolve("result.json");
        Files.write(file, json.getBytes(StandardCharsets.UTF_8));
        String read = AgentFiles.readUtf8(new FilePath(file.toFile()));
        assertThat(EngineResult.parse(read).getSummary()).isEqualTo(message);
    }
}
