package io.botgrid.channels.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.botgrid.channels.IngressHandler;
import io.botgrid.channels.internal.slack.SlackIngressProtocol;
import io.botgrid.channels.internal.webhook.WebhookIngressProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's public HTTP endpoint for chat platforms: {@code POST /slack/events/{botId}} (Slack's Events API),
 * {@code POST /webhook/{botId}} (Botgrid's signed webhook) and {@code GET /healthz} for load balancers. Platforms
 * push to a URL rather than call gRPC, so every node serves this next to its gRPC front.
 *
 * <p>Requests run on the endpoint's own bounded pool of named daemon threads, never on the caller's or the actors'
 * threads: a flood of callbacks queues here and is shed here (the connection is closed) instead of starving the
 * node. Each request may block its thread for at most the accept timeout. {@link #close} refuses new requests,
 * lets those in flight finish within the close timeout, then stops. Thread-safe.
 */
public final class EndpointServer implements AutoCloseable {
    /** Context of Slack's Events API callbacks. */
    public static final String SLACK_EVENTS_PATH = "/slack/events";
    /** Context of webhook channel messages. */
    public static final String WEBHOOK_PATH = "/webhook";
    /** Health check path. */
    public static final String HEALTH_PATH = "/healthz";

    private static final Logger LOG = LoggerFactory.getLogger(EndpointServer.class);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final EndpointServerConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EndpointServer(HttpServer server, ThreadPoolExecutor executor, EndpointServerConfig config) {
        this.server = server;
        this.executor = executor;
        this.config = config;
    }

    /** Starts an endpoint with the system clock. */
    public static EndpointServer start(EndpointServerConfig config, IngressHandler ingress) throws IOException {
        return start(config, ingress, Clock.systemUTC());
    }

    /**
     * Binds and starts an endpoint.
     *
     * @param config address and limits
     * @param ingress the bots core
     * @param clock checks signature timestamps and stamps {@code receivedAt}
     * @throws IOException when the address cannot be bound
     */
    public static EndpointServer start(EndpointServerConfig config, IngressHandler ingress, Clock clock)
            throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(clock, "clock");
        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), threads(), new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext(SLACK_EVENTS_PATH + "/",
                new IngressRoute(SLACK_EVENTS_PATH, new SlackIngressProtocol(), ingress, config, clock));
        server.createContext(WEBHOOK_PATH + "/",
                new IngressRoute(WEBHOOK_PATH, new WebhookIngressProtocol(), ingress, config, clock));
        server.createContext(HEALTH_PATH, EndpointServer::health);
        server.createContext("/", exchange -> answer(exchange, 404, Map.of("error", "not found")));
        server.start();
        EndpointServer endpoint = new EndpointServer(server, executor, config);
        LOG.info("Channel endpoint listening on {}:{}", config.host(), endpoint.port());
        return endpoint;
    }

    /** The bound port (the chosen one when configured with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port} of this endpoint, for building callback URLs. */
    public URI baseUri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    /**
     * Stops accepting requests, waits up to the close timeout for those in flight, then closes every connection.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdown(); // from now on new exchanges are refused and their connections closed
        try {
            if (!executor.awaitTermination(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Channel endpoint: requests still running after {}; cutting them off", config.closeTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
        LOG.info("Channel endpoint on port {} stopped", server.getAddress().getPort());
    }

    private static void health(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            answer(exchange, 405, Map.of("error", "method not allowed"));
            return;
        }
        answer(exchange, 200, Map.of("status", "ok"));
    }

    private static void answer(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        try {
            exchange.getRequestBody().close();
            Exchanges.respond(exchange, status, body);
        } finally {
            exchange.close();
        }
    }

    private static ThreadFactory threads() {
        int server = SERVERS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "botgrid-endpoint-" + server + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
