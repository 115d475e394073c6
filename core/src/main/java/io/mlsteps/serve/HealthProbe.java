package io.mlsteps.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container health check: exits 0 when {@code /ready} of the server on {@code MLSTEPS_PORT} (default
 * 8080) answers 200, else 1. Needs nothing but Java in the image (no curl or wget).
 */
public final class HealthProbe {
    private HealthProbe() {
    }

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("MLSTEPS_PORT", "8080");
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:" + port + "/ready";
        try {
            HttpResponse<Void> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
            System.exit(r.statusCode() == 200 ? 0 : 1);
        } catch (Exception e) {
            System.exit(1);
        }
    }
}
