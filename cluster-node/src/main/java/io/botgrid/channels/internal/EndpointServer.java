package io.botgrid.channels.internal;

import io.botgrid.channels.HttpTracing;
import io.botgrid.channels.IngressHandler;
import io.botgrid.channels.internal.slack.SlackIngressProtocol;
import io.botgrid.channels.internal.webhook.WebhookIngressProtocol;
import io.botgrid.util.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's public HTTP endpoint for chat platforms: {@code POST /slack/events/{botId}} (Slack's Events API),
 * {@code POST /webhook/{botId}} (Botgrid's signed webhook) and {@code GET /healthz} for load balancers. Platforms
 * push to a URL rather than call gRPC, so every node serves this next to its gRPC front.
 *
 * <p>Built on Jetty's asynchronous core because the URL is public: with a thread-per-connection server a few
 * clients sending their headers or body slowly hold every thread and starve Slack, webhooks and health checks.
 * Here a connection costs a thread only while Jetty parses bytes that arrived; headers and body are bounded in time
 * ({@link HeaderDeadline}, {@link BodyReader}), silence by the idle timeout, and connections in number. Only a request
 * whose body is complete reaches the bots core, on the endpoint's own bounded pool of named daemon threads (never the
 * caller's, the actors' or Jetty's I/O threads); a flood beyond that pool and its queue is answered 503. Each
 * request may block its thread for at most the accept timeout. {@link #close} refuses new requests, lets those in
 * flight finish within the close timeout, then stops. Thread-safe.
 */
public final class EndpointServer implements AutoCloseable {
    /** Context of Slack's Events API callbacks. */
    public static final String SLACK_EVENTS_PATH = "/slack/events";
    /** Context of webhook channel messages. */
    public static final String WEBHOOK_PATH = "/webhook";
    /** Health check path. */
    public static final String HEALTH_PATH = "/healthz";

    /**
     * Jetty's threads: accepting, selecting, parsing and writing, never blocked by the endpoint's code, so a few
     * suffice whatever the number of connections.
     */
    static final int IO_THREADS = 12;

    private static final Logger LOG = LoggerFactory.getLogger(EndpointServer.class);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final Server server;
    private final ServerConnector connector;
    private final ThreadPoolExecutor blocking;
    private final EndpointServerConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EndpointServer(Server server, ServerConnector connector, ThreadPoolExecutor blocking,
                           EndpointServerConfig config) {
        this.server = server;
        this.connector = connector;
        this.blocking = blocking;
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
        return start(config, ingress, clock, HttpTracing.OFF);
    }

    /** As {@link #start(EndpointServerConfig, IngressHandler, Clock)}, with a SERVER span per callback. */
    public static EndpointServer start(EndpointServerConfig config, IngressHandler ingress, Clock clock,
                                       HttpTracing tracing) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(clock, "clock");
        int id = SERVERS.incrementAndGet();
        String name = "botgrid-endpoint-" + id;

        // Jetty's own advice is an unbounded task queue; its length is bounded by the connection limit anyway.
        QueuedThreadPool io = new QueuedThreadPool(IO_THREADS, 2, 60_000);
        io.setName(name + "-io");
        io.setDaemon(true);
        Scheduler scheduler = new ScheduledExecutorScheduler(name + "-timer", true);
        Server server = new Server(io, scheduler, null);
        server.setStopTimeout(config.closeTimeout().toMillis());
        server.setErrorHandler(new JsonErrorHandler());

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setIdleTimeout(config.idleTimeout().toMillis());
        // Routes match the raw path against a strict pattern and never use a decoded or normalised form, so odd
        // paths (encoded dots or slashes, empty segments, parameters) are simply not found (404), as they always were.
        http.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        HeaderDeadline headers = new HeaderDeadline(scheduler, config.headerTimeout());
        connector.addBean(headers);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));

        ThreadPoolExecutor blocking = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), DaemonThreads.named(name), new ThreadPoolExecutor.AbortPolicy());
        blocking.allowCoreThreadTimeOut(true);
        List<IngressRoute> routes = List.of(
                new IngressRoute(SLACK_EVENTS_PATH, new SlackIngressProtocol(), ingress, config, clock, blocking,
                        scheduler, tracing),
                new IngressRoute(WEBHOOK_PATH, new WebhookIngressProtocol(), ingress, config, clock, blocking,
                        scheduler, tracing));
        Refusals refusals = new Refusals(config.maxBodyBytes(), config.bodyTimeout(), scheduler);
        server.setHandler(new GracefulHandler(new Router(routes, headers, refusals)));
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server, blocking);
            throw e;
        } catch (Exception e) {
            stopQuietly(server, blocking);
            throw new IOException("Could not start the channel endpoint on " + config.host() + ":" + config.port(), e);
        }
        EndpointServer endpoint = new EndpointServer(server, connector, blocking, config);
        LOG.info("Channel endpoint listening on {}:{}", config.host(), endpoint.port());
        return endpoint;
    }

    /** The bound port (the chosen one when configured with 0). */
    public int port() {
        return connector.getLocalPort();
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
        int port = port();
        blocking.shutdown(); // from now on new requests are refused (503); queued ones still run
        try {
            // graceful: the connector stops accepting, then requests in flight get up to the stop timeout
            server.stop();
        } catch (Exception e) {
            LOG.warn("Channel endpoint on port {}: stopping failed: {}", port, e.toString());
        } finally {
            if (!terminates(blocking)) {
                LOG.warn("Channel endpoint: requests still running after {}; cutting them off", config.closeTimeout());
            }
            blocking.shutdownNow();
        }
        LOG.info("Channel endpoint on port {} stopped", port);
    }

    /** Whether the (shut down) request pool finishes within a moment: its last requests may just be returning. */
    private static boolean terminates(ThreadPoolExecutor pool) {
        try {
            return pool.awaitTermination(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void stopQuietly(Server server, ThreadPoolExecutor blocking) {
        blocking.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Stopping a channel endpoint that did not start failed", e);
        }
    }

    /**
     * Dispatches on the raw path: the ingress routes, {@code /healthz}, 404 for anything else. Non-blocking, so Jetty
     * may run it on an I/O thread; the ingress routes hand blocking work to their executor.
     */
    private static final class Router extends Handler.Abstract.NonBlocking {
        private final List<IngressRoute> routes;
        private final HeaderDeadline headers;
        private final Refusals refusals;

        Router(List<IngressRoute> routes, HeaderDeadline headers, Refusals refusals) {
            this.routes = routes;
            this.headers = headers;
            this.refusals = refusals;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            headers.headersReceived(request);
            String path = request.getHttpURI().getPath();
            for (IngressRoute route : routes) {
                if (path != null && route.serves(path)) {
                    route.handle(request, response, callback);
                    return true;
                }
            }
            if (HEALTH_PATH.equals(path)) {
                health(request, response, callback);
            } else {
                refusals.refuse(request, response, callback, 404, Map.of("error", "not found"));
            }
            return true;
        }

        private void health(Request request, Response response, Callback callback) {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                refusals.refuse(request, response, callback, 405, Map.of("error", "method not allowed"));
                return;
            }
            Exchanges.respond(response, callback, 200, Map.of("status", "ok"));
        }
    }

    /**
     * Jetty's own refusals (malformed requests, headers too large, requests during shutdown) as the same JSON as
     * every other answer, with the reason and never a stack trace.
     */
    private static final class JsonErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) {
            String reason = message == null || message.isBlank()
                    ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
            Exchanges.respond(response, callback, code, Map.of("error", reason));
        }
    }
}
