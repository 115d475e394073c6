package io.mlsteps.deploy;

import io.mlsteps.util.InputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * Ports of servers on this machine: whether one is free to listen on, and a free one when the request says
 * {@code port: 0}. A free port can still be taken by someone else before the server binds it; the deployment then
 * sees the server exit ("cannot listen on ...") and, for an automatic port, tries another.
 */
final class Ports {
    /** An automatic port is tried this many times when another process takes it first. */
    static final int AUTO_ATTEMPTS = 3;

    private Ports() {
    }

    /** Whether nothing listens on {@code host:port} now (binding it as the server would succeeds). */
    static boolean free(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);  // as the server does: a closed connection's TIME_WAIT does not count
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port the operating system gives out as free on {@code host}, other than those in {@code avoid}. */
    static int pick(String host, Set<Integer> avoid) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 1);
                int port = socket.getLocalPort();
                if (!avoid.contains(port) && port < 65535) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on " + host, e);
            }
        }
        throw new UncheckedIOException(new IOException("no free port on " + host + " outside " + avoid));
    }

    /** Refuses a fixed port that another process listens on, before anything is started. */
    static void requireFree(String host, int port, String role) {
        if (!free(host, port)) {
            throw new InputException("port", "port " + port + " (" + role + ") on " + host + " is in use by another "
                    + "process, not by a server of this deployment; stop it, choose another port, or give port 0 to "
                    + "let the deployment pick a free one");
        }
    }
}
