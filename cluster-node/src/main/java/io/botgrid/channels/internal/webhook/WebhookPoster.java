package io.botgrid.channels.internal.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botgrid.channels.DeliveryResult;
import io.botgrid.channels.HttpTracing;
import io.botgrid.channels.OutboundReply;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a bot's reply to a webhook channel's URL: {@code {"replyId","botId","team","conversation","text"}},
 * signed like everything Botgrid sends ({@link WebhookSignature}) and carrying {@code Idempotency-Key: <replyId>},
 * because the outbox retries and the receiver must be able to drop repeats. Classifies each attempt (2xx delivered;
 * 429 retry after Retry-After; 5xx and network errors retry; other statuses fail) and never throws: every outcome is
 * a {@link DeliveryResult}. Thread-safe; the {@link HttpClient} is shared, not owned.
 */
public final class WebhookPoster {
    /** Header carrying the reply id, so receivers can de-duplicate retried deliveries. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    /** Wait before retrying when the receiver gave no Retry-After. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(WebhookPoster.class);

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpTracing tracing;

    /** A poster with a 10 s request bound and the system clock. */
    public WebhookPoster(HttpClient http) {
        this(http, Duration.ofSeconds(10), Clock.systemUTC(), HttpTracing.OFF);
    }

    /** As {@link #WebhookPoster(HttpClient)}, with a CLIENT span per request (and its {@code traceparent}). */
    public WebhookPoster(HttpClient http, HttpTracing tracing) {
        this(http, Duration.ofSeconds(10), Clock.systemUTC(), tracing);
    }

    /**
     * A poster.
     *
     * @param http shared HTTP client
     * @param requestTimeout bound of one request, from sending to the response headers
     * @param clock signs timestamps and reads HTTP-date Retry-After values
     */
    public WebhookPoster(HttpClient http, Duration requestTimeout, Clock clock) {
        this(http, requestTimeout, clock, HttpTracing.OFF);
    }

    private WebhookPoster(HttpClient http, Duration requestTimeout, Clock clock, HttpTracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Posts one reply.
     *
     * @param url the channel's URL
     * @param secret the channel's shared secret
     * @param reply the reply
     * @return the outcome; never completes exceptionally
     */
    public CompletableFuture<DeliveryResult> post(URI url, String secret, OutboundReply reply) {
        HttpRequest request;
        Span span = null;
        try {
            byte[] body = body(reply);
            long now = clock.instant().getEpochSecond();
            HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, now, body))
                    .header(IDEMPOTENCY_HEADER, reply.replyId())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            span = tracing.startClient("POST", url, builder);
            request = builder.build();
        } catch (RuntimeException | IOException e) {
            HttpTracing.endClient(span, 0, e);
            LOG.warn("Cannot build the webhook delivery of reply {}", reply == null ? null : reply.replyId(), e);
            return CompletableFuture.completedFuture(new DeliveryResult.Failed("bad request: " + e));
        }
        Span sent = span;
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        HttpTracing.endClient(sent, response == null ? 0 : response.statusCode(), error);
                        return outcome(response, error, reply.replyId());
                    });
        } catch (RuntimeException e) {
            HttpTracing.endClient(sent, 0, e);
            return CompletableFuture.completedFuture(outcome(null, e, reply.replyId()));
        }
    }

    private byte[] body(OutboundReply reply) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("replyId", reply.replyId());
        body.put("botId", reply.botId());
        body.put("team", reply.team());
        body.put("conversation", reply.conversation());
        body.put("text", reply.text());
        return json.writeValueAsBytes(body);
    }

    private DeliveryResult outcome(HttpResponse<?> response, Throwable error, String replyId) {
        if (error == null) {
            return classify(response);
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof IOException) {
            LOG.debug("Webhook delivery of reply {} failed", replyId, cause);
            return new DeliveryResult.Retry(DEFAULT_BACKOFF, "I/O error: " + cause);
        }
        LOG.warn("Webhook delivery of reply {} failed unexpectedly", replyId, cause);
        return new DeliveryResult.Failed("unexpected error: " + cause);
    }

    private DeliveryResult classify(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new DeliveryResult.Delivered();
        }
        if (status == 429) {
            Duration after = RetryAfter.parse(response.headers().firstValue("Retry-After"), DEFAULT_BACKOFF,
                    clock.instant());
            return new DeliveryResult.Retry(after, "HTTP 429");
        }
        if (status >= 500) {
            return new DeliveryResult.Retry(DEFAULT_BACKOFF, "HTTP " + status);
        }
        return new DeliveryResult.Failed("HTTP " + status);
    }
}
