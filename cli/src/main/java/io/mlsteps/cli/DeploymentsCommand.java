package io.mlsteps.cli;

import io.mlsteps.deploy.Deployments;
import io.mlsteps.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code mlsteps deployments}: what runs where. Reference: docs/steps/deployModel.md. */
@Command(name = "deployments", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the model servers of a deployment folder: model, version, target, endpoint, process or "
                + "container, since when, and health (the server's own /health, checked against its identity). "
                + "Servers started from the folder that its state files do not name are listed too (recorded: no).")
public class DeploymentsCommand implements Callable<Integer> {
    @Option(names = "--deploy-dir", paramLabel = "DIR", description = "The deployment folder (default ~/.mlsteps/deployments).")
    Path deployDir;
    @Option(names = "--docker-host", paramLabel = "URI", description = "Docker engine (default DOCKER_HOST or the local socket).")
    String dockerHost;
    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Path dir = deployDir != null ? deployDir.toAbsolutePath() : Deployments.defaultRoot();
        List<Deployments.Entry> entries = Deployments.list(dir, dockerHost, System.getenv());
        PrintStream out = System.out;
        if (json) {
            out.println(Json.toString(entries.stream().map(Deployments.Entry::toMap).toList()));
            return ExitCodes.PASSED;
        }
        if (entries.isEmpty()) {
            out.println("no model server runs from " + dir);
            return ExitCodes.PASSED;
        }
        String row = "%-16s %-18s %-7s %-28s %-14s %-30s %-9s %s%n";
        out.printf(Locale.ROOT, row, "MODEL", "VERSION", "TARGET", "ENDPOINT", "PID/CONTAINER", "SINCE", "RECORDED", "HEALTH");
        Instant now = Instant.now();
        for (Deployments.Entry e : entries) {
            var i = e.instance();
            String process = i.pid() != null ? Long.toString(i.pid())
                    : i.containerId() != null ? i.containerId().substring(0, Math.min(12, i.containerId().length())) : "";
            String since = i.startedAt() == null ? "" : i.startedAt().toString().replaceAll("\\.\\d+Z$", "Z")
                    + " (" + Deployments.ago(i.startedAt(), now) + ")";
            out.printf(Locale.ROOT, row, e.model(), i.ref() != null ? i.ref() : String.valueOf(i.version()), e.target(),
                    i.endpoint(), process, since, e.recorded() ? "yes" : "no", e.health());
        }
        return ExitCodes.PASSED;
    }
}
