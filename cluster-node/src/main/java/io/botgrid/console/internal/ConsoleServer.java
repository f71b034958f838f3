package io.botgrid.console.internal;

import io.botgrid.console.ConsoleConfig;
import io.botgrid.console.ConsolePorts;
import io.botgrid.grpc.BearerTokens;
import io.botgrid.util.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's Jetty server: its own small pool of daemon threads (a page may block on the cluster, never on an
 * actor's or the channel endpoint's threads), HTTP or HTTPS, and a stop bounded by the stop timeout. {@link #close}
 * first ends the live views (they would otherwise hold their requests open), then stops Jetty; it is idempotent and
 * safe on a console whose node failed to start.
 */
public final class ConsoleServer implements AutoCloseable {
    /** Jetty's threads: a handful of pages at once plus the live views. */
    static final int MAX_THREADS = 16 + ConversationPages.MAX_STREAMS;
    static final long CHART_INTERVAL_MILLIS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final Server server;
    private final ServerConnector connector;
    private final ConversationPages conversations;
    private final ScheduledExecutorService sampler;
    private final ConsoleConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ConsoleServer(Server server, ServerConnector connector, ConversationPages conversations,
                          ScheduledExecutorService sampler, ConsoleConfig config) {
        this.server = server;
        this.connector = connector;
        this.conversations = conversations;
        this.sampler = sampler;
        this.config = config;
    }

    public static ConsoleServer start(ConsoleConfig config, ConsolePorts ports, Clock clock) throws IOException {
        BearerTokens tokens = BearerTokens.of(config.apiKeys(), config.jwtSecretFile(), clock);
        String name = "botgrid-console-" + ports.nodeName() + "-" + SERVERS.incrementAndGet();
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2, 60_000);
        threads.setName(name);
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopTimeout(config.stopTimeout().toMillis());
        server.setStopAtShutdown(false);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector;
        if (config.tls()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(PemKeyStore.load(config.tlsCertFile(), config.tlsKeyFile()));
            ssl.setKeyStorePassword("");
            http.setSecureScheme("https");
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(server, 1, -1, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
        }
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);

        String node = ports.nodeName();
        Sessions sessions = new Sessions(clock, config.sessionIdleTimeout());
        ConsoleAudit audit = new ConsoleAudit(ports.audit(), node);
        RateCharts charts = new RateCharts(ports.metrics());
        ConversationPages conversations = new ConversationPages(ports.bots(), node);
        server.setHandler(new Router(node, tokens, sessions, audit, new Assets(),
                new SignInPages(tokens, sessions, audit, node, config.tls()),
                new ClusterPages(ports.cluster(), charts, node), new ActorPages(ports.cluster(), ports.journal(), node),
                new BotPages(ports.bots(), node), conversations, new WorkerPages(ports.workers(), node),
                new PluginPages(ports.plugins(), node)));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name
                + "-charts"));
        try {
            server.start();
        } catch (Exception e) {
            sampler.shutdownNow();
            stopQuietly(server);
            throw e instanceof IOException io ? io : new IOException("Could not start the console on " + config.host()
                    + ":" + config.port() + ": " + e.getMessage(), e);
        }
        sampler.scheduleWithFixedDelay(() -> {
            try {
                charts.sample(System.nanoTime());
            } catch (RuntimeException e) {
                LOG.debug("Console charts: sampling failed", e);
            }
        }, 0, CHART_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        ConsoleServer console = new ConsoleServer(server, connector, conversations, sampler, config);
        LOG.info("Console of node {} on {}", node, console.uri());
        return console;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI uri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        if ("0.0.0.0".equals(host) || "[::]".equals(host)) {
            host = "127.0.0.1";
        }
        return URI.create((config.tls() ? "https://" : "http://") + host + ":" + port() + "/console");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int port = port();
        conversations.close();
        sampler.shutdownNow();
        stopQuietly(server);
        LOG.info("Console on port {} stopped", port);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop(); // bounded by the stop timeout; connections still open then are closed
        } catch (Exception e) {
            LOG.warn("The console did not stop cleanly: {}", e.toString());
        }
    }
}
