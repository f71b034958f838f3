package io.botgrid.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Slack, as far as a bot sees it, on 127.0.0.1: the Web API's {@code chat.postMessage} (recording every call, and
 * refusing calls on request: rate limits, {@code ok:false} errors) and {@code chat.update} of the posted messages and the Events API's sending side (signed event
 * callbacks, also stale or wrongly signed ones). Tests of the Slack channel need both directions and must not depend
 * on slack.com, its rate limits or a workspace.
 *
 * <p>Point the node's Slack {@code api_base_url} at {@link #baseUrl()}; send events with
 * {@link #sendMessageEvent}. Successful posts are listed by {@link #posts()}, refused attempts separately by
 * {@link #rejected()}, so that a test can tell "delivered once after two refusals" from "delivered three times".
 * Thread-safe; close it when done.
 */
public final class FakeSlack implements AutoCloseable {

    /**
     * One accepted {@code chat.postMessage} call.
     *
     * @param token bot token from the {@code Authorization: Bearer} header
     * @param channel {@code channel}
     * @param threadTs {@code thread_ts}, or null
     * @param text {@code text}
     * @param replyId {@code metadata.event_payload.reply_id}, or null
     * @param ts the timestamp the fake gave the posted message
     */
    public record Post(String token, String channel, String threadTs, String text, String replyId, String ts) {
    }

    /**
     * One accepted {@code chat.update} call.
     *
     * @param token bot token from the {@code Authorization: Bearer} header
     * @param channel {@code channel}
     * @param ts the edited message's {@code ts}
     * @param text the new {@code text}
     */
    public record Update(String token, String channel, String ts, String text) {
    }

    /**
     * One refused {@code chat.postMessage} call.
     *
     * @param httpStatus status answered
     * @param error Slack error answered ({@code ok:false})
     * @param attempt what was posted ({@code ts} is null)
     */
    public record Rejection(int httpStatus, String error, Post attempt) {
    }

    /**
     * The endpoint's answer to an event callback.
     *
     * @param status HTTP status
     * @param body response body
     */
    public record EventResult(int status, String body) {
    }

    /**
     * A user's message as Slack's Events API delivers it, to be built with {@link #of} and the {@code with…}
     * methods. Null components get defaults: team {@code T0FAKE}, a fresh event id and ts, bot user {@code UBOT},
     * type {@code message}, channel type {@code channel}.
     *
     * @param teamId workspace ({@code team_id})
     * @param channel channel id
     * @param user author
     * @param text message text
     * @param eventId callback's {@code event_id}
     * @param threadTs thread root, or null for a top-level message
     * @param botUserId the bot's user id, sent as {@code authorizations[0].user_id} with {@code is_bot: true}
     * @param ts the message's own timestamp
     * @param type event type, {@code message} or {@code app_mention}
     * @param channelType the event's {@code channel_type}: {@code channel}, {@code im} (a direct message)…
     * @param authorizedUserId when not null, the event comes to an app that also acts for people, on behalf of this
     *        user: {@code authorizations[0]} is {@code {user_id: authorizedUserId, is_bot: false}} instead of the bot
     */
    public record MessageEventSpec(String teamId, String channel, String user, String text, String eventId,
                                   String threadTs, String botUserId, String ts, String type, String channelType,
                                   String authorizedUserId) {
        /** Fills defaults. */
        public MessageEventSpec {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(text, "text");
            teamId = teamId == null ? "T0FAKE" : teamId;
            eventId = eventId == null ? "Ev" + Long.toString(EVENT_IDS.incrementAndGet(), 36).toUpperCase(Locale.ROOT) : eventId;
            botUserId = botUserId == null ? "UBOT" : botUserId;
            ts = ts == null ? nextTs() : ts;
            type = type == null ? "message" : type;
            channelType = channelType == null ? "channel" : channelType;
        }

        /** A spec in a channel, authorized as the bot. */
        public MessageEventSpec(String teamId, String channel, String user, String text, String eventId,
                                String threadTs, String botUserId, String ts, String type) {
            this(teamId, channel, user, text, eventId, threadTs, botUserId, ts, type, null, null);
        }

        /** A spec with a generated ts, of type {@code message}. */
        public MessageEventSpec(String teamId, String channel, String user, String text, String eventId,
                                String threadTs, String botUserId) {
            this(teamId, channel, user, text, eventId, threadTs, botUserId, null, null);
        }

        /** A top-level message with defaults for everything else. */
        public static MessageEventSpec of(String channel, String user, String text) {
            return new MessageEventSpec(null, channel, user, text, null, null, null, null, null);
        }

        /** A direct message to the bot ({@code channel_type: im}) in the DM channel {@code channel}. */
        public static MessageEventSpec direct(String channel, String user, String text) {
            return of(channel, user, text).withChannelType("im");
        }

        /** The same in another workspace. */
        public MessageEventSpec withTeamId(String value) {
            return new MessageEventSpec(value, channel, user, text, eventId, threadTs, botUserId, ts, type,
                    channelType, authorizedUserId);
        }

        /** The same with another event id (the same id again is a redelivery). */
        public MessageEventSpec withEventId(String value) {
            return new MessageEventSpec(teamId, channel, user, text, value, threadTs, botUserId, ts, type,
                    channelType, authorizedUserId);
        }

        /** The same in a thread. */
        public MessageEventSpec withThreadTs(String value) {
            return new MessageEventSpec(teamId, channel, user, text, eventId, value, botUserId, ts, type,
                    channelType, authorizedUserId);
        }

        /** The same with another bot user id in {@code authorizations}. */
        public MessageEventSpec withBotUserId(String value) {
            return new MessageEventSpec(teamId, channel, user, text, eventId, threadTs, value, ts, type,
                    channelType, authorizedUserId);
        }

        /** The same with another message ts. */
        public MessageEventSpec withTs(String value) {
            return new MessageEventSpec(teamId, channel, user, text, eventId, threadTs, botUserId, value, type,
                    channelType, authorizedUserId);
        }

        /** The same as an {@code app_mention} event. */
        public MessageEventSpec asAppMention() {
            return new MessageEventSpec(teamId, channel, user, text, eventId, threadTs, botUserId, ts, "app_mention",
                    channelType, authorizedUserId);
        }

        /** The same with another {@code channel_type}. */
        public MessageEventSpec withChannelType(String value) {
            return new MessageEventSpec(teamId, channel, user, text, eventId, threadTs, botUserId, ts, type, value,
                    authorizedUserId);
        }

        /**
         * The same delivered on behalf of {@code userId} ({@code authorizations[0]} names that person with
         * {@code is_bot: false}), as Slack does for apps that also receive events for users.
         */
        public MessageEventSpec onBehalfOf(String userId) {
            return new MessageEventSpec(teamId, channel, user, text, eventId, threadTs, botUserId, ts, type,
                    channelType, userId);
        }
    }

    /**
     * How to send an event: honestly by default, or with a timestamp off by {@code clockSkew}, signed with a wrong
     * secret, marked as Slack's redelivery number {@code retryNum}, with extra headers.
     *
     * @param clockSkew added to the signed timestamp (negative: in the past)
     * @param wrongSecret whether to sign with a different secret
     * @param retryNum value of {@code X-Slack-Retry-Num}, or null
     * @param extraHeaders further headers
     */
    public record SendOptions(Duration clockSkew, boolean wrongSecret, Integer retryNum,
                              Map<String, String> extraHeaders) {
        /** Copies the headers. */
        public SendOptions {
            Objects.requireNonNull(clockSkew, "clockSkew");
            extraHeaders = Map.copyOf(extraHeaders);
        }

        /** An honest, first delivery. */
        public static SendOptions honest() {
            return new SendOptions(Duration.ZERO, false, null, Map.of());
        }

        /** The same with a timestamp ten minutes old, outside the five-minute window. */
        public SendOptions stale() {
            return new SendOptions(Duration.ofMinutes(-10), wrongSecret, retryNum, extraHeaders);
        }

        /** The same signed with a secret other than the one given. */
        public SendOptions withWrongSecret() {
            return new SendOptions(clockSkew, true, retryNum, extraHeaders);
        }

        /** The same as Slack's redelivery number {@code n} (reason {@code http_timeout}). */
        public SendOptions retry(int n) {
            return new SendOptions(clockSkew, wrongSecret, n, extraHeaders);
        }

        /** The same with further headers. */
        public SendOptions withHeaders(Map<String, String> headers) {
            return new SendOptions(clockSkew, wrongSecret, retryNum, headers);
        }
    }

    private static final AtomicLong EVENT_IDS = new AtomicLong(Instant.now().getEpochSecond() * 1000);
    private static final AtomicLong TS_SEQ = new AtomicLong();
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final FakeSlackEvents events = new FakeSlackEvents();
    // Not a CopyOnWriteArrayList: a benchmark posts hundreds of thousands of replies, and copying the list on every
    // post made the fake (not the node) the bottleneck, its cost growing with the run's length.
    private final List<Post> posts = new ArrayList<>(); // guarded by itself
    private volatile Consumer<Post> postListener = post -> { };
    private final Set<String> postedMessages = ConcurrentHashMap.newKeySet(); // channel + '\n' + ts
    private final List<Update> updates = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> traceparents = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Rejection> rejected = new CopyOnWriteArrayList<>();
    private final Deque<Refusal> scripted = new ArrayDeque<>(); // guarded by this
    private String failure; // guarded by this
    private FakeSlackSocketMode socketMode; // guarded by this
    private final java.util.Set<String> appTokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> connectionsOpenCalls = new CopyOnWriteArrayList<>();

    /** How to refuse one call. */
    private record Refusal(int status, String error, String retryAfter) {
    }

    private FakeSlack(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a fake on 127.0.0.1 and a free port. */
    public static FakeSlack start() {
        // The JDK's HTTP server writes an answer's headers and body apart and, unless told, with Nagle's algorithm on:
        // on a kept-alive connection the body then waits for the client's delayed ACK (40 ms on Linux), which a node
        // reusing its connections (as the outbox does) would measure as Slack's latency. Read once per JVM, at the
        // first server; Slack's own servers have no such delay.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-slack-" + instance + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            FakeSlack fake = new FakeSlack(server, executor);
            server.createContext("/api/", fake::webApi);
            server.start();
            return fake;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start FakeSlack", e);
        }
    }

    /** The Web API base, {@code http://127.0.0.1:<port>/api/}: the node's Slack {@code api_base_url}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");
    }

    /** Accepted {@code chat.postMessage} calls, in arrival order. */
    public List<Post> posts() {
        synchronized (posts) {
            return List.copyOf(posts);
        }
    }

    /**
     * Calls {@code listener} with every accepted {@code chat.postMessage}, on the fake's HTTP thread, once it is in
     * {@link #posts()} and before the caller gets its answer; replaces the previous listener.
     */
    public void onPost(Consumer<Post> listener) {
        postListener = Objects.requireNonNull(listener, "listener");
    }

    /** How many {@code chat.postMessage} calls were accepted: {@code posts().size()} without the copy. */
    public int postCount() {
        synchronized (posts) {
            return posts.size();
        }
    }

    /**
     * Accepted {@code chat.update} calls, in arrival order: those of a message that was posted here (a {@code ts} of
     * {@link #posts()}); others are refused with {@code message_not_found}.
     */
    public List<Update> updates() {
        return List.copyOf(updates);
    }

    /**
     * The W3C {@code traceparent} header an accepted {@code chat.postMessage} of reply {@code replyId} came with, if
     * any: what a traced node sends so that Slack's side of a call joins the trace.
     */
    public java.util.Optional<String> traceparentOf(String replyId) {
        return java.util.Optional.ofNullable(traceparents.get(replyId));
    }

    /** Refused {@code chat.postMessage} calls, in arrival order. */
    public List<Rejection> rejected() {
        return List.copyOf(rejected);
    }

    /**
     * Answers the next {@code n} calls (after those already scripted) with {@code httpStatus}, a {@code Retry-After}
     * header of {@code retryAfter} in whole seconds (rounded up; none when null) and an {@code ok:false} body
     * ({@code ratelimited} for 429, {@code fatal_error} otherwise).
     */
    public synchronized void answerNext(int n, int httpStatus, Duration retryAfter) {
        String error = httpStatus == 429 ? "ratelimited" : "fatal_error";
        String header = retryAfter == null ? null : Long.toString(ceilSeconds(retryAfter));
        for (int i = 0; i < n; i++) {
            scripted.add(new Refusal(httpStatus, error, header));
        }
    }

    /** The contract's name of {@link #answerNext}. */
    public void failNextPosts(int n, int httpStatus, Duration retryAfter) {
        answerNext(n, httpStatus, retryAfter);
    }

    /** Answers every call from now on (after scripted ones) with HTTP 200 {@code {"ok":false,"error":slackError}}. */
    public synchronized void failWith(String slackError) {
        failure = Objects.requireNonNull(slackError, "slackError");
    }

    /** The contract's name of {@link #failWith}. */
    public void postError(String slackError) {
        failWith(slackError);
    }

    /** Accepts calls again after {@link #failWith}. */
    public synchronized void clearFailure() {
        failure = null;
    }

    /** Sends a signed message event to {@code eventsUrl}, as Slack would. */
    public EventResult sendMessageEvent(URI eventsUrl, String signingSecret, MessageEventSpec spec) {
        return sendMessageEvent(eventsUrl, signingSecret, spec, SendOptions.honest());
    }

    /** Sends a message event to {@code eventsUrl}, signed and marked as {@code options} say. */
    public EventResult sendMessageEvent(URI eventsUrl, String signingSecret, MessageEventSpec spec,
                                        SendOptions options) {
        return events.send(eventsUrl, signingSecret, FakeSlackEvents.messageEventJson(spec), options);
    }

    /** Sends Slack's signed {@code url_verification} handshake with {@code challenge}. */
    public EventResult sendUrlVerification(URI eventsUrl, String signingSecret, String challenge) {
        return sendUrlVerification(eventsUrl, signingSecret, challenge, SendOptions.honest());
    }

    /** Sends the {@code url_verification} handshake, signed as {@code options} say. */
    public EventResult sendUrlVerification(URI eventsUrl, String signingSecret, String challenge,
                                           SendOptions options) {
        return events.send(eventsUrl, signingSecret, FakeSlackEvents.urlVerificationJson(challenge), options);
    }

    /** Sends any Events API body, signed, with {@code headers} added. */
    public EventResult sendEvent(URI eventsUrl, String signingSecret, String json, Map<String, String> headers) {
        return events.send(eventsUrl, signingSecret, json, SendOptions.honest().withHeaders(headers));
    }

    /** Sends any Events API body, signed and marked as {@code options} say. */
    public EventResult sendEvent(URI eventsUrl, String signingSecret, String json, SendOptions options) {
        return events.send(eventsUrl, signingSecret, json, options);
    }

    /** The Events API JSON of a top-level or threaded message (bot user {@code UBOT}, generated ts). */
    public static String messageEvent(String teamId, String channel, String user, String text, String eventId,
                                      String threadTs) {
        return FakeSlackEvents.messageEventJson(
                new MessageEventSpec(teamId, channel, user, text, eventId, threadTs, null));
    }

    /**
     * Socket Mode: {@code apps.connections.open} accepts {@code appToken} (Bearer) from now on and hands out URLs of
     * {@link #socketMode()}; other tokens get {@code invalid_auth}. Starts the WebSocket server on first use.
     */
    public FakeSlackSocketMode enableSocketMode(String appToken) {
        appTokens.add(Objects.requireNonNull(appToken, "appToken"));
        return socketMode();
    }

    /** Refuses {@code appToken} from now on ({@code invalid_auth}), as after the app's token was revoked. */
    public void revokeAppToken(String appToken) {
        appTokens.remove(appToken);
    }

    /** The Socket Mode side (WebSocket server), started on first use. */
    public synchronized FakeSlackSocketMode socketMode() {
        if (socketMode == null) {
            socketMode = FakeSlackSocketMode.start();
        }
        return socketMode;
    }

    /**
     * The outcome of every {@code apps.connections.open} call, in order: {@code ok}, or Slack's error
     * ({@code invalid_auth}, {@code not_authed}).
     */
    public List<String> connectionsOpenCalls() {
        return List.copyOf(connectionsOpenCalls);
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        FakeSlackSocketMode ws;
        synchronized (this) {
            ws = socketMode;
        }
        if (ws != null) {
            ws.close();
        }
    }

    private void connectionsOpen(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).strip() : null;
        String error = token == null ? "not_authed" : !appTokens.contains(token) ? "invalid_auth" : null;
        if (!"POST".equals(exchange.getRequestMethod())) {
            error = "method_not_supported";
        }
        connectionsOpenCalls.add(error == null ? "ok" : error);
        if (error != null) {
            respond(exchange, 200, null, error(error));
            return;
        }
        respond(exchange, 200, null, json.createObjectNode().put("ok", true)
                .put("url", socketMode().newConnectionUrl().toString()));
    }

    private void webApi(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("/api/apps.connections.open".equals(exchange.getRequestURI().getPath())) {
                connectionsOpen(exchange);
                return;
            }
            if ("/api/chat.update".equals(exchange.getRequestURI().getPath())) {
                update(exchange, body);
                return;
            }
            if (!"/api/chat.postMessage".equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, null, error("unknown_method"));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, null, error("method_not_supported_for_channel_type"));
                return;
            }
            Post attempt = attempt(exchange.getRequestHeaders().getFirst("Authorization"), body);
            Refusal refusal = refusal(attempt);
            if (refusal != null) {
                rejected.add(new Rejection(refusal.status(), refusal.error(), attempt));
                respond(exchange, refusal.status(), refusal.retryAfter(), error(refusal.error()));
                return;
            }
            Post post = new Post(attempt.token(), attempt.channel(), attempt.threadTs(), attempt.text(),
                    attempt.replyId(), nextTs());
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            if (traceparent != null && post.replyId() != null) {
                traceparents.put(post.replyId(), traceparent);
            }
            postedMessages.add(post.channel() + '\n' + post.ts());
            synchronized (posts) {
                posts.add(post);
            }
            postListener.accept(post);
            ObjectNode ok = json.createObjectNode().put("ok", true).put("channel", post.channel()).put("ts", post.ts());
            ok.putObject("message").put("type", "message").put("text", post.text()).put("ts", post.ts());
            respond(exchange, 200, null, ok);
        } finally {
            exchange.close();
        }
    }

    private void update(HttpExchange exchange, byte[] body) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).strip() : null;
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            respond(exchange, 200, null, error("invalid_json"));
            return;
        }
        Update update = new Update(token, text(root.get("channel")), text(root.get("ts")), text(root.get("text")));
        String error = token == null ? "not_authed" : update.text() == null ? "no_text"
                : !postedMessages.contains(update.channel() + '\n' + update.ts()) ? "message_not_found" : null;
        if (error != null) {
            respond(exchange, 200, null, error(error));
            return;
        }
        updates.add(update);
        respond(exchange, 200, null, json.createObjectNode().put("ok", true).put("channel", update.channel())
                .put("ts", update.ts()).put("text", update.text()));
    }

    /** The refusal owed to this attempt: scripted first, then Slack's own checks, then {@link #failWith}. */
    private synchronized Refusal refusal(Post attempt) {
        Refusal next = scripted.poll();
        if (next != null) {
            return next;
        }
        String error = attempt.token() == null ? "not_authed"
                : attempt.channel() == null ? "channel_not_found"
                : attempt.text() == null ? "no_text"
                : failure;
        return error == null ? null : new Refusal(200, error, null);
    }

    private Post attempt(String authorization, byte[] body) {
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).strip() : null;
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new Post(token, null, null, null, null, null);
        }
        return new Post(token, text(root.get("channel")), text(root.get("thread_ts")), text(root.get("text")),
                text(root.path("metadata").path("event_payload").get("reply_id")), null);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private ObjectNode error(String error) {
        return json.createObjectNode().put("ok", false).put("error", error);
    }

    private void respond(HttpExchange exchange, int status, String retryAfter, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static long ceilSeconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    /** A Slack-style message timestamp, unique within this JVM. */
    static String nextTs() {
        long seq = TS_SEQ.incrementAndGet();
        return Instant.now().getEpochSecond() + "." + String.format("%06d", seq % 1_000_000);
    }
}
