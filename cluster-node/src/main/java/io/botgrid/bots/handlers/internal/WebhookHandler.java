package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerResult;
import io.botgrid.util.DaemonThreads;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@code webhook} handler: each message is POSTed, signed, to a service the bot's owner runs, whose JSON answer
 * becomes the replies, variables and next state. This is how bots are written in any language without plugins.
 *
 * <p>One HTTP client and one small scheduler serve every webhook bot of the node; both use daemon threads that end
 * when idle, and are created on first use so that nodes without webhook bots pay nothing.
 */
public final class WebhookHandler implements BotHandler {
    static final Duration BASE_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration baseBackoff;
    private volatile WebhookCaller caller;

    public WebhookHandler() {
        this(Clock.systemUTC(), BASE_BACKOFF);
    }

    WebhookHandler(Clock clock, Duration baseBackoff) {
        this.clock = clock;
        this.baseBackoff = baseBackoff;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public ConfiguredHandler configure(String settings) {
        WebhookSettings s = WebhookSettings.parse(settings);
        return request -> {
            CompletableFuture<HandlerResult> answer = caller().call(s, WebhookCodec.request(request));
            if (s.fallback().isEmpty()) {
                return answer;
            }
            String fallback = s.fallback().get();
            CompletableFuture<HandlerResult> orFallback = answer.exceptionally(failure -> HandlerResult.reply(fallback));
            orFallback.whenComplete((r, e) -> {
                if (orFallback.isCancelled()) {
                    answer.cancel(false); // the session gave up: stop retrying
                }
            });
            return orFallback;
        };
    }

    private WebhookCaller caller() {
        WebhookCaller c = caller;
        if (c == null) {
            synchronized (this) {
                c = caller;
                if (c == null) {
                    c = caller = newCaller();
                }
            }
        }
        return c;
    }

    private WebhookCaller newCaller() {
        ThreadPoolExecutor io = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("botgrid-webhook"));
        io.allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                DaemonThreads.named("botgrid-webhook-timer"));
        timers.setRemoveOnCancelPolicy(true);
        timers.setKeepAliveTime(30, TimeUnit.SECONDS);
        timers.allowCoreThreadTimeOut(true);
        HttpClient http = HttpClient.newBuilder()
                .executor(io)
                .connectTimeout(WebhookSettings.MAX_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new WebhookCaller(http, timers, clock, baseBackoff, MAX_BACKOFF);
    }
}
