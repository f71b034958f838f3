package io.botgrid.bots.handlers.internal;

import com.openai.client.OpenAIClientAsync;
import com.openai.core.RequestOptions;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.Headers;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.botgrid.bots.handlers.internal.LlmCallException.Reason;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One streamed chat completion through the OpenAI SDK, with the handler's own deadline and retries.
 *
 * <p>Why not the SDK's retries and timeouts: {@code timeout} bounds the whole answer, retries included, so that a bot
 * answers (or gives its failure reply) before the node's handler timeout ends the message; and a retry is only safe
 * while nothing was streamed, since partial text was already shown to the user. So the SDK is built with no retries,
 * each attempt gets the time left, 429 and 5xx and connection errors are retried after a backoff (exponential with
 * jitter, or the service's {@code Retry-After} / {@code retry-after-ms} when it sends one), and a wait that would pass
 * the deadline is not started. Errors become {@link LlmCallException}s whose text never holds the API key.
 */
final class LlmCaller {
    /** What a call produced. Tokens are the service's usage report, or 0 with {@code usageReported} false. */
    record Answer(String text, long promptTokens, long completionTokens, boolean usageReported, int attempts) {
    }

    private final ScheduledExecutorService timers;
    private final Executor streamExecutor;
    private final Duration baseBackoff;
    private final Duration maxBackoff;

    LlmCaller(ScheduledExecutorService timers, Executor streamExecutor, Duration baseBackoff, Duration maxBackoff) {
        this.timers = timers;
        this.streamExecutor = streamExecutor;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Streams the completion of {@code params}; {@code onText} gets the text so far after each chunk that added some
     * (on the stream's thread). Cancelling the returned future closes the stream and stops retrying.
     */
    CompletableFuture<Answer> call(OpenAIClientAsync client, ChatCompletionCreateParams params, LlmSettings settings,
                                   Consumer<String> onText) {
        Call call = new Call(client, params, settings, onText, System.nanoTime() + settings.timeout().toNanos());
        call.attempt(1);
        return call.result;
    }

    private final class Call {
        final OpenAIClientAsync client;
        final ChatCompletionCreateParams params;
        final LlmSettings settings;
        final Consumer<String> onText;
        final long deadline;
        final CompletableFuture<Answer> result = new CompletableFuture<>();

        Call(OpenAIClientAsync client, ChatCompletionCreateParams params, LlmSettings settings,
             Consumer<String> onText, long deadline) {
            this.client = client;
            this.params = params;
            this.settings = settings;
            this.onText = onText;
            this.deadline = deadline;
        }

        void attempt(int n) {
            long left = deadline - System.nanoTime();
            if (result.isDone()) {
                return;
            }
            if (left <= 0) {
                result.completeExceptionally(timeout(n - 1));
                return;
            }
            AtomicBoolean over = new AtomicBoolean();
            StringBuilder text = new StringBuilder();
            long[] usage = {-1, -1};
            AsyncStreamResponse<ChatCompletionChunk> stream;
            try {
                stream = client.chat().completions().createStreaming(params,
                        RequestOptions.builder().timeout(Duration.ofNanos(left)).build());
            } catch (RuntimeException e) {
                failed(n, e, false);
                return;
            }
            ScheduledFuture<?> timer = timers.schedule(() -> {
                if (over.compareAndSet(false, true)) {
                    stream.close();
                    result.completeExceptionally(timeout(n));
                }
            }, left, TimeUnit.NANOSECONDS);
            result.whenComplete((a, e) -> {
                if (result.isCancelled() && over.compareAndSet(false, true)) {
                    timer.cancel(false);
                    stream.close(); // the session gave up
                }
            });
            stream.subscribe(new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
                @Override
                public void onNext(ChatCompletionChunk chunk) {
                    if (over.get()) {
                        return;
                    }
                    int before = text.length();
                    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                        choice.delta().content().ifPresent(text::append);
                    }
                    chunk.usage().ifPresent(u -> {
                        usage[0] = u.promptTokens();
                        usage[1] = u.completionTokens();
                    });
                    if (text.length() > before) {
                        onText.accept(text.toString());
                    }
                }

                @Override
                public void onComplete(Optional<Throwable> error) {
                    if (!over.compareAndSet(false, true)) {
                        return;
                    }
                    timer.cancel(false);
                    if (error.isPresent()) {
                        failed(n, error.get(), text.length() > 0);
                    } else if (text.length() == 0) {
                        result.completeExceptionally(new LlmCallException(Reason.MALFORMED,
                                "the model service's answer had no text"));
                    } else {
                        boolean reported = usage[0] >= 0;
                        result.complete(new Answer(text.toString(), Math.max(0, usage[0]), Math.max(0, usage[1]),
                                reported, n));
                    }
                }
            }, streamExecutor);
        }

        private void failed(int n, Throwable error, boolean streamed) {
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            LlmCallException failure = classify(e);
            boolean retryable = failure.reason() == Reason.RATE_LIMITED || failure.reason() == Reason.SERVER_ERROR
                    || failure.reason() == Reason.IO;
            if (!retryable || streamed || n > settings.retries()) {
                result.completeExceptionally(n > 1 && retryable
                        ? new LlmCallException(failure.reason(), failure.getMessage() + " (after " + n + " attempts)")
                        : failure);
                return;
            }
            long wait = backoff(n, e).toNanos();
            if (System.nanoTime() + wait >= deadline) {
                result.completeExceptionally(new LlmCallException(failure.reason(), failure.getMessage()
                        + "; no time left for attempt " + (n + 1) + " within the timeout of " + settings.timeout()));
                return;
            }
            timers.schedule(() -> attempt(n + 1), wait, TimeUnit.NANOSECONDS);
        }

        private Duration backoff(int n, Throwable e) {
            if (e instanceof OpenAIServiceException s) {
                Optional<Duration> asked = retryAfter(s.headers());
                if (asked.isPresent()) {
                    return asked.get();
                }
            }
            long base = Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(n - 1, 20));
            return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        }

        private LlmCallException timeout(int attempts) {
            return new LlmCallException(Reason.TIMEOUT, "the model service did not answer within "
                    + settings.timeout() + (attempts > 1 ? " (" + attempts + " attempts)" : ""));
        }

        private LlmCallException classify(Throwable e) {
            if (e instanceof LlmCallException l) {
                return l;
            }
            if (e instanceof OpenAIServiceException s) {
                int status = s.statusCode();
                if (status == 429) {
                    return new LlmCallException(Reason.RATE_LIMITED, "the model service is rate limiting (429)");
                }
                if (status >= 500) {
                    return new LlmCallException(Reason.SERVER_ERROR, "the model service failed (" + status + ")");
                }
                String code = s.code().or(s::type).map(c -> ": " + Scrub.shorten(c, settings.apiKey())).orElse("");
                return new LlmCallException(Reason.REFUSED, "the model service refused the request (" + status
                        + code + ")");
            }
            if (e instanceof OpenAIIoException) {
                return System.nanoTime() >= deadline ? timeout(1)
                        : new LlmCallException(Reason.IO, "the model service could not be reached at "
                        + settings.baseUrl().getScheme() + "://" + settings.baseUrl().getAuthority());
            }
            return new LlmCallException(Reason.MALFORMED, "the model service's answer could not be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The wait a service asks for: {@code retry-after-ms} (milliseconds), else {@code Retry-After} in seconds or as
     * an HTTP date; empty when absent or unreadable.
     */
    static Optional<Duration> retryAfter(Headers headers) {
        List<String> ms = headers.values("retry-after-ms");
        if (!ms.isEmpty()) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get(0).strip()))));
            } catch (NumberFormatException e) {
                // try Retry-After
            }
        }
        List<String> after = headers.values("retry-after");
        if (after.isEmpty()) {
            return Optional.empty();
        }
        String v = after.get(0).strip();
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(v) * 1000))));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
