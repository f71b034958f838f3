package io.botgrid.channels.internal.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botgrid.channels.IngressHandler;
import io.botgrid.channels.SlackAppTokenException;
import io.botgrid.channels.SocketModeSettings;
import io.botgrid.channels.internal.MalformedPayloadException;
import io.botgrid.workers.spi.TerminationReason;
import io.botgrid.workers.spi.WorkerContext;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bot's Slack Socket Mode connection, as a worker: Slack pushes the bot's events over a WebSocket that the
 * receiver opened (no public HTTP endpoint needed), and the receiver must acknowledge each envelope.
 *
 * <ul>
 *   <li><b>Connect</b>: {@code apps.connections.open} with the app token gives a one-time WebSocket URL. The first
 *       attempt is made in {@link #init}: a refused token crashes the worker at once with Slack's reason (its
 *       supervisor's intensity limit then marks it failed: no retry storm).</li>
 *   <li><b>Envelopes</b>: an {@code events_api} message is stored through the same ingress as the Events API (same
 *       parser, same message id, so the session de-duplicates redeliveries and deliveries across connections) and
 *       only then acknowledged with {@code {"envelope_id": …}} on the connection it came on. An envelope whose
 *       storage fails is not acknowledged: Slack delivers it again. Envelopes of no interest are acknowledged at
 *       once.</li>
 *   <li><b>{@code disconnect}</b> (Slack refreshes connections every few hours, or is about to drop one): a new
 *       connection is opened first, and the old one is closed once the new one said {@code hello}, so no event
 *       is missed in between.</li>
 *   <li><b>Drops and errors</b>: the connection is opened again after a backoff doubling from {@code minBackoff}
 *       to {@code maxBackoff}, reset by the next {@code hello}.</li>
 * </ul>
 * State is guarded by {@code this}; WebSocket callbacks of one connection come one at a time.
 */
final class SocketModeReceiver implements WorkerFunction {
    private static final Logger LOG = LoggerFactory.getLogger(SocketModeReceiver.class);
    private static final Duration FIRST_OPEN_TIMEOUT = Duration.ofSeconds(15);

    private final String botId;
    private final IngressHandler ingress;
    private final SlackConnectionsApi api;
    private final HttpClient http;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final SlackEventParser parser = new SlackEventParser();
    private final ObjectMapper json = new ObjectMapper();

    // guarded by this
    private final List<Link> links = new ArrayList<>();
    private Link current;
    private boolean closed;
    private int failures;
    private long connections;
    private String lastError = "";
    private ScheduledFuture<?> retry;

    SocketModeReceiver(String botId, IngressHandler ingress, SlackConnectionsApi api, HttpClient http,
                       ScheduledExecutorService timers, Clock clock, Duration minBackoff, Duration maxBackoff) {
        this.botId = botId;
        this.ingress = ingress;
        this.api = api;
        this.http = http;
        this.timers = timers;
        this.clock = clock;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Opens the first connection. Waits for {@code apps.connections.open} (at most 15 s, on a worker pool thread) so
     * that a refused token is a crash of this worker, visible in its status, rather than a silent retry loop.
     */
    @Override
    public void init(WorkerContext context) throws Exception {
        SocketModeSettings settings = settings();
        URI url;
        try {
            url = api.open(settings.apiBaseUrl(), settings.appToken())
                    .get(FIRST_OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new SlackConnectionsApi.SocketModeUnavailableException(
                    "apps.connections.open did not answer within " + FIRST_OPEN_TIMEOUT.toSeconds() + " s");
        }
        LOG.info("Slack Socket Mode receiver of bot {} starting on {} (incarnation {})", botId, context.nodeName(),
                context.incarnation());
        connect(url);
    }

    /** Answers any message with the receiver's state, for operators ({@code workers send}). */
    @Override
    public List<WorkerMessage> handle(WorkerMessage input) {
        synchronized (this) {
            String state = current != null && current.hello ? "connected" : "connecting";
            return List.of(WorkerMessage.of(state + "; connections opened: " + connections
                    + (lastError.isEmpty() ? "" : "; last error: " + lastError)));
        }
    }

    @Override
    public void terminate(TerminationReason reason) {
        List<Link> open;
        synchronized (this) {
            closed = true;
            if (retry != null) {
                retry.cancel(false);
            }
            open = List.copyOf(links);
            links.clear();
            current = null;
        }
        open.forEach(l -> l.close("receiver stopped"));
        LOG.info("Slack Socket Mode receiver of bot {} stopped: {}", botId, reason.kind());
    }

    private SocketModeSettings settings() {
        return ingress.socketMode(botId).orElseThrow(() -> new IllegalStateException(
                "bot '" + botId + "' has no Slack channel with an app token (Socket Mode)"));
    }

    // ---------------------------------------------------------------- connections

    private void connect(URI url) {
        Link link = new Link();
        synchronized (this) {
            if (closed) {
                return;
            }
            links.add(link);
            current = link;
            connections++;
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, link)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        ended(link, "cannot open the WebSocket: " + unwrap(error));
                    }
                });
    }

    /** Opens a new connection now (apps.connections.open, then the WebSocket); on failure, backs off. */
    private void reopen() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        java.util.Optional<SocketModeSettings> s = ingress.socketMode(botId);
        if (s.isEmpty()) {
            LOG.info("Bot {} has no Slack app token any more: its Socket Mode receiver stays disconnected", botId);
            synchronized (this) {
                lastError = "the bot has no Slack channel with an app token";
            }
            return;
        }
        CompletableFuture<URI> url;
        try {
            url = api.open(s.get().apiBaseUrl(), s.get().appToken());
        } catch (RuntimeException e) {
            url = CompletableFuture.failedFuture(e);
        }
        url.whenComplete((u, error) -> {
            if (error == null) {
                connect(u);
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof SlackAppTokenException) {
                LOG.error("Slack Socket Mode receiver of bot {}: {}; retrying every {} s until the token is "
                        + "replaced", botId, cause.getMessage(), maxBackoff.toSeconds());
            }
            retryLater(String.valueOf(cause.getMessage()), cause instanceof SlackAppTokenException);
        });
    }

    private void retryLater(String why, boolean atMax) {
        synchronized (this) {
            if (closed) {
                return;
            }
            lastError = why;
            failures = atMax ? Math.max(failures + 1, 32) : failures + 1;
            long delay = Math.min(maxBackoff.toMillis(),
                    minBackoff.toMillis() << Math.min(failures - 1, 20));
            LOG.warn("Slack Socket Mode connection of bot {} lost or refused ({}); reconnecting in {} ms", botId,
                    why, delay);
            try {
                retry = timers.schedule(this::reopen, delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                return; // the node is stopping
            }
        }
        ingress.socketModeEvent("reconnect");
    }

    /** A connection ended; if it was the one in use (not a replaced one), another is opened after a backoff. */
    private void ended(Link link, String why) {
        synchronized (this) {
            links.remove(link);
            if (closed || link.replaced || link != current) {
                return;
            }
            current = null;
        }
        retryLater(why, false);
    }

    private void hello(Link link) {
        List<Link> old = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            failures = 0;
            lastError = "";
            for (Link l : links) {
                if (l != link) {
                    l.replaced = true;
                    old.add(l);
                }
            }
        }
        LOG.info("Slack Socket Mode connected for bot {}", botId);
        ingress.socketModeEvent("connected");
        old.forEach(l -> l.close("replaced by a new connection"));
    }

    private void disconnectRequested(Link link, String reason) {
        synchronized (this) {
            if (closed || link.replaced || link != current) {
                return;
            }
            link.replaced = true; // its close must not start a second reconnection
        }
        LOG.info("Slack asked bot {} to reconnect ({}): opening a new connection before closing the old", botId,
                reason);
        ingress.socketModeEvent("disconnect_requested");
        reopen();
    }

    // ---------------------------------------------------------------- frames

    private void frame(Link link, String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (IOException e) {
            LOG.warn("Slack Socket Mode sent bot {} a frame that is not JSON; ignored", botId);
            return;
        }
        if (root == null || !root.isObject()) {
            return;
        }
        String type = root.path("type").asText("");
        String envelopeId = root.path("envelope_id").asText("");
        switch (type) {
            case "hello" -> {
                link.hello = true;
                hello(link);
            }
            case "disconnect" -> disconnectRequested(link, root.path("reason").asText("unknown"));
            case "events_api" -> event(link, envelopeId, root.path("payload"));
            default -> {
                if (!envelopeId.isEmpty()) {
                    LOG.debug("Slack Socket Mode {} envelope for bot {} acknowledged, not handled", type, botId);
                    link.ack(envelopeId);
                }
            }
        }
    }

    private void event(Link link, String envelopeId, JsonNode payload) {
        ingress.socketModeEvent("envelope");
        SlackEvent event;
        SocketModeSettings settings;
        try {
            settings = settings();
            event = parser.parse(json.writeValueAsBytes(payload), settings.botUserId());
        } catch (MalformedPayloadException | IOException | RuntimeException e) {
            LOG.warn("Slack Socket Mode envelope {} for bot {} not handled: {}", envelopeId, botId, e.getMessage());
            if (!envelopeId.isEmpty()) {
                link.ack(envelopeId);
            }
            return;
        }
        if (!(event instanceof SlackEvent.Message m)) {
            link.ack(envelopeId);
            return;
        }
        CompletableFuture<Void> stored;
        try {
            stored = ingress.accept(SlackMessages.toInbound(botId, m, clock.instant(), settings.threadReplies()));
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((v, error) -> {
            if (error == null) {
                link.ack(envelopeId);
            } else {
                LOG.warn("Slack Socket Mode event {} of bot {} not stored, so not acknowledged (Slack sends it "
                        + "again): {}", envelopeId, botId, unwrap(error).toString());
            }
        });
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** One WebSocket; sends are chained, since a WebSocket takes one at a time. */
    private final class Link implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();
        private volatile WebSocket socket;
        private CompletableFuture<?> sends = CompletableFuture.completedFuture(null); // guarded by this link
        volatile boolean hello;
        volatile boolean replaced;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            synchronized (SocketModeReceiver.this) {
                if (closed || !links.contains(this)) {
                    webSocket.abort(); // the receiver stopped while this connection was being opened
                    return;
                }
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String text = parts.toString();
                parts.setLength(0);
                try {
                    frame(this, text);
                } catch (RuntimeException e) {
                    LOG.warn("Slack Socket Mode frame for bot {} failed: {}", botId, e.toString());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended(this, "closed by Slack (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended(this, "WebSocket error: " + error);
        }

        void ack(String envelopeId) {
            String text;
            try {
                text = json.writeValueAsString(json.createObjectNode().put("envelope_id", envelopeId));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            send(ws -> ws.sendText(text, true));
        }

        void close(String why) {
            send(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, why)).whenComplete((v, e) -> {
                WebSocket ws = socket;
                if (ws != null && !ws.isInputClosed()) {
                    try {
                        timers.schedule(ws::abort, 2, TimeUnit.SECONDS); // Slack should answer the close by then
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        ws.abort();
                    }
                }
            });
        }

        private synchronized CompletableFuture<?> send(java.util.function.Function<WebSocket,
                CompletableFuture<WebSocket>> op) {
            WebSocket ws = socket;
            if (ws == null || ws.isOutputClosed()) {
                return CompletableFuture.completedFuture(null);
            }
            sends = sends.handle((r, e) -> null).thenCompose(v -> op.apply(ws)).exceptionally(e -> {
                LOG.debug("Slack Socket Mode send for bot {} failed: {}", botId, e.toString());
                return null;
            });
            return sends;
        }
    }
}
