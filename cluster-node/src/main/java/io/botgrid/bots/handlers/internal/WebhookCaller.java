package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.HandlerResult;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * POSTs one signed message to a webhook service and turns the answer into a {@link HandlerResult}, retrying with
 * exponential backoff on connect errors, timeouts, 429 and 5xx. Nothing blocks: attempts are chained on the HTTP
 * client's executor and backoff waits are scheduled. Each attempt is signed afresh, so a retry carries a current
 * timestamp. Cancelling the returned future stops further attempts.
 */
final class WebhookCaller {
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration baseBackoff;
    private final Duration maxBackoff;

    WebhookCaller(HttpClient http, ScheduledExecutorService scheduler, Clock clock, Duration baseBackoff,
                  Duration maxBackoff) {
        this.http = http;
        this.scheduler = scheduler;
        this.clock = clock;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Completes with the service's answer, or exceptionally with a {@link WebhookCallException}. */
    CompletableFuture<HandlerResult> call(WebhookSettings settings, byte[] body) {
        CompletableFuture<HandlerResult> result = new CompletableFuture<>();
        attempt(settings, body, 0, result);
        return result;
    }

    /** The wait before retry number {@code retry} (0-based): base × 2^retry, capped. */
    Duration backoff(int retry) {
        long factor = 1L << Math.min(retry, 20);
        Duration d = baseBackoff.multipliedBy(factor);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private void attempt(WebhookSettings settings, byte[] body, int n, CompletableFuture<HandlerResult> result) {
        if (result.isDone()) {
            return; // cancelled by the caller
        }
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(settings.secret(), now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<HttpResponse<byte[]>> bounded = new CompletableFuture<>();
        // The request timeout covers the wait for headers; this bounds the body as well.
        ScheduledFuture<?> deadline = scheduler.schedule(() -> {
            if (bounded.completeExceptionally(new HttpTimeoutException("no complete answer within "
                    + settings.timeout()))) {
                exchange.cancel(true);
            }
        }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        exchange.whenComplete((response, error) -> {
            deadline.cancel(false);
            if (error != null) {
                bounded.completeExceptionally(error);
            } else {
                bounded.complete(response);
            }
        });
        bounded.whenComplete((response, error) -> {
            Outcome outcome = error != null ? failed(unwrap(error)) : answered(response);
            if (outcome.result() != null) {
                result.complete(outcome.result());
            } else if (outcome.retryable() && n < settings.retries()) {
                Duration wait = backoff(n);
                scheduler.schedule(() -> attempt(settings, body, n + 1, result), wait.toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                result.completeExceptionally(new WebhookCallException("webhook " + settings.url() + " failed after "
                        + (n + 1) + (n == 0 ? " attempt: " : " attempts: ") + outcome.problem(), outcome.cause()));
            }
        });
    }

    /** What one attempt came to: a result, or a problem that may be worth retrying. */
    private record Outcome(HandlerResult result, boolean retryable, String problem, Throwable cause) {
    }

    private static Outcome answered(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return new Outcome(WebhookCodec.reply(response.body()), false, null, null);
            } catch (IllegalArgumentException e) {
                return new Outcome(null, false, "bad reply: " + e.getMessage(), e);
            }
        }
        boolean retryable = status >= 500 || status == 429;
        return new Outcome(null, retryable, "HTTP status " + status, null);
    }

    private static Outcome failed(Throwable error) {
        if (error instanceof HttpTimeoutException) {
            return new Outcome(null, true, "timed out (" + error.getMessage() + ")", error);
        }
        if (error instanceof IOException) {
            String what = error.getMessage() == null ? error.getClass().getSimpleName()
                    : error.getClass().getSimpleName() + ": " + error.getMessage();
            return new Outcome(null, true, "cannot reach the service (" + what + ")", error);
        }
        return new Outcome(null, false, "unexpected error " + error, error);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
