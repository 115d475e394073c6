package io.mlsteps.spark;

import io.mlsteps.util.InputException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a Spark master accepts connections before a session is built: Spark's
 * own client retries an unreachable standalone master for a minute and then only logs, so a wrong address would
 * otherwise look like a hung step.
 */
final class MasterProbe {
    /** How long one connection attempt may take. */
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private MasterProbe() {
    }

    /** Host and port pairs of a master URL; empty for masters that are not a network address (local, yarn). */
    static List<InetSocketAddress> addresses(String master) {
        List<InetSocketAddress> out = new ArrayList<>();
        if (master.startsWith("spark://")) {
            for (String hostPort : master.substring("spark://".length()).split(",")) {
                out.add(address(hostPort, 7077));
            }
        } else if (master.startsWith("k8s://")) {
            String api = master.substring("k8s://".length());
            URI uri = URI.create(api.contains("://") ? api : "https://" + api);
            out.add(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 443));
        }
        return out;
    }

    private static InetSocketAddress address(String hostPort, int defaultPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return InetSocketAddress.createUnresolved(hostPort, defaultPort);
        }
        return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /**
     * Fails with an input error naming the master when none of its addresses accepts a connection within
     * {@link #CONNECT_TIMEOUT_MILLIS} (a standalone master with standby masters needs one of them).
     */
    static void check(String master) {
        List<InetSocketAddress> addresses = addresses(master);
        if (addresses.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a.getHostString(), a.getPort()), CONNECT_TIMEOUT_MILLIS);
                return;
            } catch (IOException e) {
                problems.add(a.getHostString() + ":" + a.getPort() + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()) + ")");
            }
        }
        throw new InputException("sparkMaster", "cannot reach the Spark master " + master + ": "
                + String.join(", ", problems) + "; expected a running master (port 7077 by default) reachable from this agent");
    }
}
