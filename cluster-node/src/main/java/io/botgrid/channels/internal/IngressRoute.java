package io.botgrid.channels.internal;

import io.botgrid.channels.ChannelSecrets;
import io.botgrid.channels.HttpTracing;
import io.botgrid.channels.IngressHandler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST {prefix}/{botId}} for one platform: the protocol-neutral half of every callback. The order of checks is
 * deliberate: cheap refusals first (405, 404 for a malformed path), then the size limit before anything is buffered
 * (413), the bot's secrets (404), the protocol's verdict (401 and nothing stored when not authentic), and finally
 * storing the message within a deadline (200, or 503 so that the platform retries; storage de-duplicates).
 *
 * <p>The body is read without a thread ({@link BodyReader}); only once it is complete does the request go to the
 * {@code blocking} executor, whose threads look the bot up, check the signature and hand the message to the bots
 * core. The wait for storage (up to the accept timeout) holds no thread: the answer is written, on that executor,
 * when the message is stored. So neither slow clients nor busy storage occupy those threads, and neither stalls
 * Jetty's I/O threads (nor {@code /healthz}). Before, each request's thread waited for its message to be stored, so
 * the 16 threads bounded the messages being stored at once, and with them the journal's batches.
 */
final class IngressRoute {
    private static final Logger LOG = LoggerFactory.getLogger(IngressRoute.class);
    private static final Pattern BOT_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private final String prefix;
    private final IngressProtocol protocol;
    private final IngressHandler ingress;
    private final EndpointServerConfig config;
    private final Clock clock;
    private final Executor blocking;
    private final Scheduler scheduler;
    private final Refusals refusals;
    private final HttpTracing tracing;

    /** A route for {@code prefix} (the path prefix, no trailing slash). */
    IngressRoute(String prefix, IngressProtocol protocol, IngressHandler ingress, EndpointServerConfig config,
                 Clock clock, Executor blocking, Scheduler scheduler, HttpTracing tracing) {
        this.tracing = tracing;
        this.prefix = prefix + "/";
        this.protocol = protocol;
        this.ingress = ingress;
        this.config = config;
        this.clock = clock;
        this.blocking = blocking;
        this.scheduler = scheduler;
        this.refusals = new Refusals(config.maxBodyBytes(), config.bodyTimeout(), scheduler);
    }

    /** Whether this route serves {@code rawPath}. */
    boolean serves(String rawPath) {
        return rawPath.startsWith(prefix);
    }

    /** Handles one request without blocking; completes {@code callback} once answered. */
    void handle(Request request, Response response, Callback callback) {
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            refusals.refuse(request, response, callback, 405, Map.of("error", "method not allowed"));
            return;
        }
        String botId = botId(request.getHttpURI().getPath());
        if (botId == null) {
            refusals.refuse(request, response, callback, 404, Map.of("error", "not found"));
            return;
        }
        Span span = tracing.startServer("POST", prefix + "{bot}", request.getHttpURI().getPath(), botId,
                request.getHeaders()::get);
        BodyReader.read(request, config.maxBodyBytes(), config.bodyTimeout(), scheduler).whenComplete((outcome, x) -> {
            if (outcome instanceof BodyReader.Outcome.Read read) {
                dispatch(request, response, callback, botId, read.bytes(), span);
            } else if (outcome instanceof BodyReader.Outcome.TooLarge) {
                HttpTracing.end(span, 413, null);
                Exchanges.respondAndClose(response, callback, 413,
                        Map.of("error", "body larger than " + config.maxBodyBytes() + " bytes"));
            } else if (outcome instanceof BodyReader.Outcome.TimedOut) {
                LOG.debug("{} {}: body not complete within {}", request.getMethod(), request.getHttpURI().getPath(),
                        config.bodyTimeout());
                HttpTracing.end(span, 408, null);
                Exchanges.respondAndClose(response, callback, 408, Map.of("error", "request body took too long"));
            } else {
                Throwable cause = outcome instanceof BodyReader.Outcome.Broken b ? b.cause() : x;
                HttpTracing.end(span, 0, cause);
                LOG.debug("{} {}: client went away", request.getMethod(), request.getHttpURI().getPath(), cause);
                callback.failed(cause);
            }
        });
    }

    private void dispatch(Request request, Response response, Callback callback, String botId, byte[] body,
                          Span span) {
        try {
            blocking.execute(() -> {
                if (span == null) {
                    decideAndAnswer(request, response, callback, botId, body, null);
                    return;
                }
                Scope scope = span.makeCurrent(); // the calls to the session actor are its children
                try {
                    decideAndAnswer(request, response, callback, botId, body, span);
                } finally {
                    scope.close();
                }
            });
        } catch (RejectedExecutionException e) {
            HttpTracing.end(span, 503, null);
            LOG.warn("Channel endpoint saturated ({} requests queued); answering 503", config.queueCapacity());
            Exchanges.respond(response, callback, 503, Map.of("error", "overloaded"));
        }
    }

    private void decideAndAnswer(Request request, Response response, Callback callback, String botId, byte[] body,
                                 Span span) {
        CompletableFuture<IngressDecision.Answer> decided;
        try {
            decided = decide(request, botId, body);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            decided = CompletableFuture.completedFuture(IngressDecision.Answer.error(500, "internal error"));
        }
        if (decided.isDone()) {
            answer(response, callback, decided.join(), span);
            return;
        }
        // Stored later, on a thread of the journal's: the answer is written back on the blocking executor.
        decided.thenAccept(answer -> {
            try {
                blocking.execute(() -> answer(response, callback, answer, span));
            } catch (RejectedExecutionException e) {
                answer(response, callback, answer, span); // saturated or stopping: write it here, it does not block
            }
        });
    }

    private CompletableFuture<IngressDecision.Answer> decide(Request request, String botId, byte[] body) {
        Optional<ChannelSecrets> secrets;
        try {
            secrets = ingress.secrets(botId, protocol.kind());
        } catch (RuntimeException e) {
            LOG.warn("Looking up the {} secrets of bot {} failed", protocol.kind(), botId, e);
            return answered(IngressDecision.Answer.error(503, "temporarily unavailable"));
        }
        if (secrets.isEmpty()) {
            return answered(IngressDecision.Answer.error(404, "unknown bot or channel"));
        }
        IngressDecision decision = protocol.decide(botId, secrets.get(), request.getHeaders()::get, body,
                clock.instant());
        if (decision instanceof IngressDecision.Answer a) {
            if (a.status() == 401) {
                ingress.signatureRejected(protocol.kind());
                LOG.warn("Refused a {} callback for bot {} from {}: {}", protocol.kind(), botId,
                        Request.getRemoteAddr(request), a.body().get("error"));
            }
            return answered(a);
        }
        java.time.Duration wait = ingress.throttle(botId);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            return answered(IngressDecision.Answer.rateLimited(seconds, "bot " + botId + " is over its rate limit"));
        }
        return store(((IngressDecision.Accept) decision));
    }

    /** 200 once the message is stored; 503 if storing fails or takes longer than the accept timeout. */
    private CompletableFuture<IngressDecision.Answer> store(IngressDecision.Accept accept) {
        String messageId = accept.message().messageId();
        CompletableFuture<Void> stored;
        try {
            stored = ingress.accept(accept.message());
        } catch (RuntimeException e) {
            LOG.warn("Storing message {} failed; answering 503", messageId, e);
            return answered(IngressDecision.Answer.error(503, "could not store the message"));
        }
        CompletableFuture<IngressDecision.Answer> answer = new CompletableFuture<>();
        Scheduler.Task deadline = scheduler.schedule(() -> {
            if (answer.complete(IngressDecision.Answer.error(503, "timed out storing the message"))) {
                LOG.warn("Storing message {} took longer than {}; answering 503", messageId, config.acceptTimeout());
            }
        }, config.acceptTimeout().toNanos(), TimeUnit.NANOSECONDS);
        stored.whenComplete((ok, error) -> {
            deadline.cancel();
            if (error == null) {
                answer.complete(IngressDecision.Answer.ok());
            } else if (!answer.isDone()) { // not answered 503 for the time already
                answer.complete(failedToStore(messageId, error));
            }
        });
        return answer;
    }

    private static IngressDecision.Answer failedToStore(String messageId, Throwable error) {
        Throwable cause = error;
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        LOG.warn("Storing message {} failed; answering 503", messageId, cause);
        return IngressDecision.Answer.error(503, "could not store the message");
    }

    private static CompletableFuture<IngressDecision.Answer> answered(IngressDecision.Answer answer) {
        return CompletableFuture.completedFuture(answer);
    }

    private static void answer(Response response, Callback callback, IngressDecision.Answer answer, Span span) {
        HttpTracing.end(span, answer.status(), null);
        if (answer.retryAfterSeconds() > 0) {
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.RETRY_AFTER, answer.retryAfterSeconds());
        }
        Exchanges.respond(response, callback, answer.status(), answer.body());
    }

    private String botId(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(prefix)) {
            return null;
        }
        String id = rawPath.substring(prefix.length());
        return BOT_ID.matcher(id).matches() ? id : null;
    }
}
