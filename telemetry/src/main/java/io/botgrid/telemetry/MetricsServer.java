package io.botgrid.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A node's observability port: {@code GET /metrics} (the Prometheus client's own handler, which negotiates the
 * Prometheus text or OpenMetrics format from the {@code Accept} header, and gzip), {@code GET /health/live} and
 * {@code GET /health/ready} (JSON, 200 when healthy, 503 otherwise).
 *
 * <p>Why a port of its own rather than the channel endpoint: the channel endpoint is off when the bot platform is
 * off, and it faces the internet (Slack); metrics and probes face the operator's network only. The JDK's HTTP
 * server is enough for a scrape every few seconds; it runs on two daemon threads of its own so a slow scrape never
 * takes a thread from the runtime.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code host:port} (0: any free port) and starts serving.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static MetricsServer start(String host, int port, PrometheusRegistry registry, HealthChecks health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the metrics port " + host + ":" + port, e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "botgrid-metrics-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        MetricsHandler metrics = new MetricsHandler(registry);
        server.createContext("/metrics", exchange -> {
            if (!allowGet(exchange)) {
                return;
            }
            metrics.handle(exchange);
        });
        server.createContext("/health/live", exchange -> answer(exchange, health::live));
        server.createContext("/health/ready", exchange -> answer(exchange, health::ready));
        server.createContext("/", exchange -> {
            drain(exchange);
            send(exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics, /health/live, /health/ready\n");
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    /** The port bound (the one chosen by the system when configured as 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, Supplier<HealthReport> report) throws IOException {
        if (!allowGet(exchange)) {
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/health/live") && !path.equals("/health/ready")) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
            return;
        }
        HealthReport r = report.get();
        send(exchange, r.healthy() ? 200 : 503, "application/json", r.toJson());
    }

    /** Answers 405 to anything but GET and HEAD; reads the body first so the connection stays usable. */
    private static boolean allowGet(HttpExchange exchange) throws IOException {
        drain(exchange);
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method " + method + " not allowed: use GET\n");
        return false;
    }

    private static void drain(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    /** Stops at once (a scrape in flight is cut) and releases the port and threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
