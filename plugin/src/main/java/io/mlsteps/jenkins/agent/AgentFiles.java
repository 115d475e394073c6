package io.mlsteps.jenkins.agent;

import hudson.FilePath;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reading what the engine wrote on the agent. Its files are UTF-8 JSON; {@code FilePath.readToString()} would decode
 * them with the agent's default charset (ISO-8859-1 or US-ASCII on many servers with Java 17).
 */
public final class AgentFiles {
    private AgentFiles() {
    }

    public static String readUtf8(FilePath file) throws IOException, InterruptedException {
        try (InputStream in = file.read()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
