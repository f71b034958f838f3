package io.botgrid.bots.internal;

import io.botgrid.ratelimit.RateLimiter;

import io.botgrid.actor.ActivationListener;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorSettings;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.ApiExposure;
import io.botgrid.actor.JournalReader;
import io.botgrid.bots.BotHandler;
import io.botgrid.bots.handlers.ChainPort;
import io.botgrid.bots.handlers.HandlerRegistry;
import io.botgrid.bots.handlers.PluginPort;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.bots.platform.BotsConfig;
import io.botgrid.bots.platform.ChannelReceivers;
import io.botgrid.channels.ChannelEndpoint;
import io.botgrid.channels.Channels;
import io.botgrid.channels.HttpTracing;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.util.DaemonThreads;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot platform of one node: the Bot and Session actor types it registers, the threads its handlers and
 * deliveries run on, the outbox, the counters, the channel endpoint (HTTP) and the {@link BotsApi} facade. The node
 * creates it before its runtime (the actor types must be known then) and starts it once the runtime takes calls.
 */
public final class BotPlatform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BotPlatform.class);
    /**
     * Sessions are many and mostly idle: passivate them sooner than the default. A session's snapshot is large next
     * to its events (its last 500 message ids, 50 turns and up to 256 remembered replies: about 43 KB in a long Slack
     * conversation, against about 410 bytes of journal records per message), so it is written every 200 events: at
     * every 50, a busy session wrote six times as many snapshot bytes as journal bytes (at 200, 1.6 times), and the
     * snapshots took a tenth of the node's CPU on the Slack benchmark. Recovery replays at most 200 events. Neither
     * platform type is reachable through the generic actor
     * API: a bot's state holds its channel secrets and its commands bypass the role checks and masking of the bot
     * service; a session's commands bypass the conversation service's validation.
     */
    static final ActorSettings SESSION_SETTINGS = ActorSettings.DEFAULT.withPassivationIdle(Duration.ofMinutes(2))
            .withSnapshotEvery(200).withApiExposure(ApiExposure.INTERNAL);
    static final ActorSettings BOT_SETTINGS = ActorSettings.DEFAULT.withSnapshotEvery(100)
            .withApiExposure(ApiExposure.INTERNAL);

    private final BotsConfig config;
    private final Clock clock;
    private final ExecutorService handlerPool;
    private final ExecutorService io;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final HandlerRegistry handlers;
    private final BotDirectory directory;
    private final BotCounters counters;
    private final BotIndexReconciler reconciler;
    private final Outbox outbox;
    private final DefaultBotsApi api;
    private final Ingress ingress;
    private final ActorTypes types;
    private final SessionBehavior sessions;
    private volatile ChannelEndpoint endpoint;
    private final HttpTracing httpTracing;
    private final PartialBus partials;

    private final io.botgrid.workers.spi.WorkerFunctionFactory socketMode;

    private BotPlatform(BotsConfig config, Supplier<Ignite> ignite, JournalReader journal, ActorClient actors,
                        Clock clock, Predicate<ActorId> ownedHere, PlatformTelemetry telemetry,
                        OpenTelemetry openTelemetry, List<? extends BotHandler> givenHandlers, ChainPort chains,
                        ChannelReceivers receivers, RateLimiter limiter, PluginPort plugins) {
        this.config = config;
        this.httpTracing = new HttpTracing(openTelemetry);
        this.clock = clock;
        String name = config.nodeName();
        this.handlerPool = Executors.newFixedThreadPool(16, DaemonThreads.named("botgrid-handler-" + name));
        this.io = Executors.newFixedThreadPool(4, DaemonThreads.named("botgrid-bots-io-" + name));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(io).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("botgrid-outbox-" + name));
        this.counters = new BotCounters(actors, scheduler, Duration.ofSeconds(1), name);
        this.handlers = HandlerRegistry.load(config.pluginsDir(), givenHandlers, chains,
                new PlatformLlmUsage(counters, telemetry, new ClusterTokenLedger(ignite)), plugins);
        java.util.Set<String> kinds = new java.util.TreeSet<>(handlers.names());
        kinds.add(HandlerRegistry.CHAIN_KIND);
        kinds.add(HandlerRegistry.PLUGIN_KIND);
        telemetry.handlers().declare(kinds);
        this.directory = new BotDirectory(ignite);
        SessionIndex sessionIndex = new SessionIndex(ignite);
        this.reconciler = new BotIndexReconciler(ignite, journal, actors, directory, sessionIndex, io, scheduler);
        this.outbox = new Outbox(actors, directory, Map.of(
                ChannelKind.CHANNEL_KIND_SLACK, new SlackSender(http, httpTracing),
                ChannelKind.CHANNEL_KIND_WEBHOOK, new WebhookSender(http, httpTracing)), scheduler, ownedHere, counters,
                telemetry, config.replyMaxInFlight());
        PartialGate partialGate = new PartialGate();
        this.partials = new PartialBus(ignite, partialGate);
        SessionServices services = new SessionServices(directory, handlers, handlerPool, config.handlerTimeout(),
                outbox, counters, new WorkReminders(), telemetry, openTelemetry.getTracer("io.botgrid.bots"), actors,
                partials);
        this.api = new DefaultBotsApi(actors, directory, sessionIndex, handlers, journal, io, clock,
                config.handlerTimeout().plusSeconds(10), receivers,
                (url, token) -> Channels.checkSlackAppToken(http, url, token), limiter, partialGate);
        this.ingress = new Ingress(directory, api, clock, telemetry, limiter);
        this.socketMode = Channels.slackSocketMode(ingress, http, scheduler, clock);
        this.sessions = new SessionBehavior(services);
        this.types = ActorTypes.builder()
                .register(BotIds.ACTOR_TYPE, new BotBehavior(directory), BOT_SETTINGS)
                .register(SessionKey.ACTOR_TYPE, sessions, SESSION_SETTINGS)
                .build();
    }

    /**
     * Creates the platform of a node that has not started yet, with the built-in handlers, {@code givenHandlers} and
     * the plugins folder's (fails fast on bad ones).
     *
     * @param chains how bots whose handler is {@code chain:<id>} reach the node's supervised-worker chains
     * @param receivers the port that runs bots' channel receivers (Socket Mode connections) as workers; the node
     *     registers {@link #workerFunctions()} with its workers engine for them
     * @param limiter the rate limits of bots' messages: from the channel endpoint (429) and from {@code SendMessage}
     *     and {@code Converse} (RESOURCE_EXHAUSTED)
     * @param plugins how bots whose handler is {@code plugin:<name>[@<version>]} reach the plugins deployed to the
     *     cluster
     */
    public static BotPlatform create(BotsConfig config, Supplier<Ignite> ignite, JournalReader journal,
                                     ActorClient actors, Clock clock, Predicate<ActorId> ownedHere,
                                     PlatformTelemetry telemetry, OpenTelemetry openTelemetry,
                                     List<? extends BotHandler> givenHandlers, ChainPort chains,
                                     ChannelReceivers receivers, RateLimiter limiter, PluginPort plugins) {
        return new BotPlatform(config, ignite, journal, actors, clock, ownedHere, telemetry, openTelemetry,
                givenHandlers, chains, receivers, limiter, plugins);
    }

    /** The worker functions of the platform's channel receivers ({@code slack-socket-mode}). */
    public java.util.List<io.botgrid.workers.spi.WorkerFunctionFactory> workerFunctions() {
        return java.util.List.of(socketMode);
    }

    /**
     * What the platform must hear of activations ending on this node: a session's in-memory leftovers (a handler
     * started for it, its reminder armed here) go with its activation. Quick; never throws.
     */
    public ActivationListener activationListener() {
        return new ActivationListener() {
            @Override
            public void activated(ActorId id, String nodeName) {
            }

            @Override
            public void deactivated(ActorId id, String nodeName, EndReason reason) {
                if (SessionKey.ACTOR_TYPE.equals(id.type())) {
                    sessions.forget(id.key());
                }
            }
        };
    }

    /** The actor types the node must register. */
    public ActorTypes actorTypes() {
        return types;
    }

    public BotsApi api() {
        return api;
    }

    /** Opens the channel endpoint and, if configured, creates the sample bot. Called once the runtime is up. */
    public void start() {
        try {
            endpoint = Channels.startEndpoint(config.endpoint(), ingress, clock, httpTracing);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("channel endpoint of " + config.nodeName() + " cannot listen on "
                    + config.endpoint().host() + ":" + config.endpoint().port() + ": " + e.getMessage(), e);
        }
        LOG.info("Channel endpoint of {} listens on http://{}:{} (Slack: /slack/events/<bot>, webhooks: "
                + "/webhook/<bot>); bot handlers: {}", config.nodeName(), config.endpoint().host(), endpoint.port(),
                handlers.names());
        reconciler.start();
        partials.start();
        if (config.sampleBot()) {
            SampleBot.ensure(api).whenComplete((bot, error) -> {
                if (error != null) {
                    LOG.warn("Sample bot not created: {}", error.toString());
                }
            });
        }
    }

    /**
     * Re-derives the bot index from the Bot actors' journals (on the oldest server node only, in the background): a
     * standby region's journals are written by replication, which does not write the index, so the region does this
     * once promoted, listing the bots from the journal (replication writes no directory entries either); the session
     * index likewise.
     */
    public void reindexAfterPromotion() {
        reconciler.afterPromotion();
    }

    /** Port of the channel endpoint, or -1 before {@link #start}. */
    public int endpointPort() {
        ChannelEndpoint e = endpoint;
        return e == null ? -1 : e.port();
    }

    /**
     * First step of a graceful stop, before the runtime drains: the endpoint stops taking messages, the outbox stops
     * starting deliveries (the sessions' next owners deliver what is left) and the counters are flushed while the
     * Bot actors can still be reached.
     */
    public void stopIngress() {
        ChannelEndpoint e = endpoint;
        if (e != null) {
            e.close();
        }
        outbox.close();
        counters.close();
        reconciler.close();
        partials.close();
    }

    /** Last step of a graceful stop, once the runtime has drained: the platform's threads end. */
    @Override
    public void close() {
        stopIngress();
        scheduler.shutdown();
        handlerPool.shutdown();
        io.shutdown();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            handlerPool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        handlerPool.shutdownNow();
        io.shutdownNow();
    }

    /** Stops at once, as a crashed process would: nothing is flushed or handed over. */
    public void halt() {
        ChannelEndpoint e = endpoint;
        if (e != null) {
            e.close();
        }
        outbox.close();
        reconciler.close();
        scheduler.shutdownNow();
        handlerPool.shutdownNow();
        io.shutdownNow();
    }

}
