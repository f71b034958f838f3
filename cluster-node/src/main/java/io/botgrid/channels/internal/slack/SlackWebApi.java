package io.botgrid.channels.internal.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botgrid.channels.DeliveryResult;
import io.botgrid.channels.HttpTracing;
import io.botgrid.channels.internal.RetryAfter;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts bot replies to Slack with {@code chat.postMessage} (and edits them with {@code chat.update} while a
 * language model's answer streams), and classifies each attempt as delivered, worth retrying
 * or hopeless, so that the outbox neither drops a reply during a Slack outage nor retries one forever into an
 * archived channel. Never throws and never fails its future: every outcome is a {@link DeliveryResult}.
 *
 * <p>The reply id travels in the message metadata ({@code event_type} {@value #METADATA_EVENT_TYPE}), so a repeat
 * after an ambiguous failure can be recognised. Thread-safe; the {@link HttpClient} is shared, not owned.
 */
public final class SlackWebApi {
    /** Metadata event type of Botgrid's replies. */
    public static final String METADATA_EVENT_TYPE = "botgrid_reply";
    /** Wait before retrying when Slack gave no Retry-After. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(SlackWebApi.class);

    /** Errors that no retry can fix: wrong address, wrong or dead credentials, a message Slack will never take. */
    private static final Set<String> PERMANENT_ERRORS = Set.of(
            "channel_not_found", "not_in_channel", "is_archived", "channel_is_archived", "invalid_auth",
            "not_authed", "account_inactive", "token_revoked", "token_expired", "no_permission", "missing_scope",
            "not_allowed_token_type", "ekm_access_denied", "team_access_not_granted", "restricted_action",
            "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
            "restricted_action_non_threadable_channel", "cannot_reply_to_message", "no_text", "msg_too_long",
            "too_many_attachments", "invalid_blocks", "invalid_blocks_format", "invalid_arguments",
            "invalid_metadata_format", "invalid_metadata_schema", "metadata_too_large", "invalid_arg_name",
            "invalid_charset", "invalid_form_data", "invalid_post_type", "missing_post_type", "method_deprecated",
            "deprecated_endpoint", "as_user_not_supported", "duplicate_channel_not_found", "message_not_found",
            "cant_update_message", "edit_window_closed");

    private final HttpClient http;
    private final URI postMessageUri;
    private final URI updateUri;
    private final Duration requestTimeout;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpTracing tracing;

    /** A client of the Web API at {@code baseUrl} (e.g. {@code https://slack.com/api/}), 10 s per request. */
    public SlackWebApi(HttpClient http, URI baseUrl) {
        this(http, baseUrl, Duration.ofSeconds(10), Clock.systemUTC(), HttpTracing.OFF);
    }

    /** As {@link #SlackWebApi(HttpClient, URI)}, with a CLIENT span per request (and its {@code traceparent}). */
    public SlackWebApi(HttpClient http, URI baseUrl, HttpTracing tracing) {
        this(http, baseUrl, Duration.ofSeconds(10), Clock.systemUTC(), tracing);
    }

    /**
     * A client of the Web API at {@code baseUrl}.
     *
     * @param http shared HTTP client
     * @param baseUrl the Web API's base, with or without a trailing slash
     * @param requestTimeout bound of one request, from sending to the response headers
     * @param clock reads HTTP-date Retry-After values
     */
    public SlackWebApi(HttpClient http, URI baseUrl, Duration requestTimeout, Clock clock) {
        this(http, baseUrl, requestTimeout, clock, HttpTracing.OFF);
    }

    private SlackWebApi(HttpClient http, URI baseUrl, Duration requestTimeout, Clock clock, HttpTracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.http = Objects.requireNonNull(http, "http");
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        URI root = URI.create(base.endsWith("/") ? base : base + "/");
        this.postMessageUri = root.resolve("chat.postMessage");
        this.updateUri = root.resolve("chat.update");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Posts one reply.
     *
     * @param botToken the bot's {@code xoxb-} token
     * @param channel channel id
     * @param threadTs thread to reply in, or null for a top-level message
     * @param text the reply
     * @param replyId the reply's stable id, stored in the message metadata
     * @return the outcome; never completes exceptionally
     */
    public CompletableFuture<DeliveryResult> postMessage(String botToken, String channel, String threadTs,
                                                         String text, String replyId) {
        return post(botToken, channel, threadTs, text, replyId).thenApply(Posted::result);
    }

    /**
     * One attempt of a call and the message's {@code ts} Slack answered with.
     *
     * @param result the outcome
     * @param ts the message's timestamp when delivered (what {@code chat.update} needs), else null
     */
    public record Posted(DeliveryResult result, String ts) {
        /** Requires a result. */
        public Posted {
            Objects.requireNonNull(result, "result");
        }
    }

    /** As {@link #postMessage}, with the posted message's {@code ts}; never completes exceptionally. */
    public CompletableFuture<Posted> post(String botToken, String channel, String threadTs, String text,
                                          String replyId) {
        return call(postMessageUri, botToken, () -> body(channel, threadTs, text, replyId), replyId);
    }

    /**
     * Replaces the text of the bot's message {@code ts} in {@code channel} ({@code chat.update}); never completes
     * exceptionally. {@code message_not_found} and {@code cant_update_message} are {@link DeliveryResult.Failed}.
     *
     * @param replyId the reply the message shows, for logs
     */
    public CompletableFuture<DeliveryResult> update(String botToken, String channel, String ts, String text,
                                                    String replyId) {
        return call(updateUri, botToken, () -> {
            ObjectNode body = json.createObjectNode();
            body.put("channel", Objects.requireNonNull(channel, "channel"));
            body.put("ts", Objects.requireNonNull(ts, "ts"));
            body.put("text", Objects.requireNonNull(text, "text"));
            return json.writeValueAsBytes(body);
        }, replyId).thenApply(Posted::result);
    }

    /** A request body that may fail to build. */
    private interface Body {
        byte[] get() throws IOException;
    }

    private CompletableFuture<Posted> call(URI uri, String botToken, Body body, String replyId) {
        HttpRequest request;
        Span span = null;
        try {
            if (botToken == null || botToken.isBlank()) {
                return CompletableFuture.completedFuture(
                        new Posted(new DeliveryResult.Failed("no bot token configured"), null));
            }
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .timeout(requestTimeout)
                    .header("Authorization", "Bearer " + botToken)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.get()));
            span = tracing.startClient("POST", uri, builder);
            request = builder.build();
        } catch (RuntimeException | IOException e) {
            HttpTracing.endClient(span, 0, e);
            LOG.warn("Cannot build {} for reply {}", uri.getPath(), replyId, e);
            return CompletableFuture.completedFuture(new Posted(new DeliveryResult.Failed("bad request: " + e), null));
        }
        Span sent = span;
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, error) -> {
                        HttpTracing.endClient(sent, response == null ? 0 : response.statusCode(), error);
                        return outcome(response, error, replyId);
                    });
        } catch (RuntimeException e) {
            HttpTracing.endClient(sent, 0, e);
            return CompletableFuture.completedFuture(new Posted(onError(e, replyId), null));
        }
    }

    private byte[] body(String channel, String threadTs, String text, String replyId) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("channel", Objects.requireNonNull(channel, "channel"));
        body.put("text", Objects.requireNonNull(text, "text"));
        if (threadTs != null) {
            body.put("thread_ts", threadTs);
        }
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("event_type", METADATA_EVENT_TYPE);
        metadata.putObject("event_payload").put("reply_id", Objects.requireNonNull(replyId, "replyId"));
        return json.writeValueAsBytes(body);
    }

    private Posted outcome(HttpResponse<byte[]> response, Throwable error, String replyId) {
        try {
            return error == null ? classify(response) : new Posted(onError(error, replyId), null);
        } catch (RuntimeException e) {
            return new Posted(onError(e, replyId), null);
        }
    }

    private Posted classify(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 429) {
            return new Posted(new DeliveryResult.Retry(retryAfter(response), "rate limited (HTTP 429)"), null);
        }
        if (status >= 500 || status == 408) {
            return new Posted(new DeliveryResult.Retry(DEFAULT_BACKOFF, "HTTP " + status), null);
        }
        if (status != 200) {
            return new Posted(new DeliveryResult.Failed("HTTP " + status), null);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            return new Posted(new DeliveryResult.Retry(DEFAULT_BACKOFF, "unreadable response"), null);
        }
        if (answer == null || !answer.isObject()) {
            return new Posted(new DeliveryResult.Retry(DEFAULT_BACKOFF, "unreadable response"), null);
        }
        if (answer.path("ok").asBoolean(false)) {
            JsonNode ts = answer.get("ts");
            return new Posted(new DeliveryResult.Delivered(), ts != null && ts.isTextual() ? ts.asText() : null);
        }
        String error = answer.path("error").asText("unknown_error");
        if (error.equals("ratelimited")) {
            return new Posted(new DeliveryResult.Retry(retryAfter(response), error), null);
        }
        if (PERMANENT_ERRORS.contains(error)) {
            return new Posted(new DeliveryResult.Failed(error), null);
        }
        return new Posted(new DeliveryResult.Retry(DEFAULT_BACKOFF, error), null);
    }

    private Duration retryAfter(HttpResponse<?> response) {
        return RetryAfter.parse(response.headers().firstValue("Retry-After"), DEFAULT_BACKOFF, clock.instant());
    }

    private static DeliveryResult onError(Throwable error, String replyId) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof IOException) {
            LOG.debug("Slack call for reply {} failed", replyId, cause);
            return new DeliveryResult.Retry(DEFAULT_BACKOFF, "I/O error: " + cause);
        }
        LOG.warn("Slack call for reply {} failed unexpectedly", replyId, cause);
        return new DeliveryResult.Failed("unexpected error: " + cause);
    }
}
