package io.botgrid.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(int port, String method, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesBothFormatsHealthAsJsonAndRefusesOtherMethodsAndPaths() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("demo_things_total").help("Things").register(registry).inc(3);
        AtomicReference<Optional<String>> joined = new AtomicReference<>(Optional.empty());
        HealthChecks health = new HealthChecks().addLive(new HealthCheck("process", Optional::empty))
                .addReady(new HealthCheck("joined", joined::get));
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, health)) {
            int port = server.port();
            HttpResponse<String> text = send(port, "GET", "/metrics", null);
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.body()).contains("# TYPE demo_things_total counter\n").contains("demo_things_total 3.0");
            HttpResponse<String> open = send(port, "GET", "/metrics", "application/openmetrics-text; version=1.0.0");
            assertThat(open.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
            assertThat(open.body()).contains("# TYPE demo_things counter\n").endsWith("# EOF\n");

            assertThat(send(port, "GET", "/health/ready", null).statusCode()).isEqualTo(200);
            joined.set(Optional.of("not in a cluster"));
            HttpResponse<String> down = send(port, "GET", "/health/ready", null);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"reason\":\"not in a cluster\"");
            assertThat(send(port, "GET", "/health/live", null).statusCode()).isEqualTo(200);

            HttpResponse<String> post = send(port, "POST", "/metrics", null);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(send(port, "GET", "/nope", null).statusCode()).isEqualTo(404);
            assertThat(send(port, "GET", "/health/other", null).statusCode()).isEqualTo(404);
        }
    }
}
