package io.mlsteps.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What a deployment reports when a request to a server got no answer at all, taken before anything is stopped: the
 * server's threads (where it waits), its own request counters (did it see the request?) and the TCP connections of
 * its port as the kernel sees them (bytes the server has not read, or the client has not sent), so that one
 * occurrence tells which side lost the request.
 */
final class UnansweredRequests {
    private UnansweredRequests() {
    }

    static String describe(RuntimeTarget target, Instance instance, ServerClient client) {
        String dump = target.threadDump(instance);
        String counters = client.get("/metrics").body().lines()
                .filter(l -> l.startsWith("mlsteps_requests_total") || l.startsWith("mlsteps_predictions_total")
                        || l.startsWith("mlsteps_rejected_requests_total"))
                .collect(Collectors.joining("\n"));
        return "the server's request counters:\n" + (counters.isEmpty() ? "(none answered)" : counters)
                + "\nTCP connections of port " + instance.port() + " (Recv-Q: bytes received but not read by the"
                + " process; Send-Q: bytes sent but not acknowledged):\n" + sockets(instance.port())
                + "\nthe server's threads:\n" + (dump.isEmpty() ? "(this target cannot take a thread dump)" : dump);
    }

    /** {@code ss} on the connections from or to a port; a note when the tool is not there. */
    static String sockets(int port) {
        Path ss = Files.isExecutable(Path.of("/usr/bin/ss")) ? Path.of("/usr/bin/ss")
                : Files.isExecutable(Path.of("/bin/ss")) ? Path.of("/bin/ss") : null;
        if (ss == null) {
            return "(ss is not installed)";
        }
        try {
            Process p = new ProcessBuilder(ss.toString(), "-tni", "state", "established",
                    "( sport = :" + port + " or dport = :" + port + " )").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException e) {
            return "(ss failed: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }
}
