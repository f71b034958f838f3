package io.botgrid.bots.handlers.internal;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.PartialReplies;
import io.botgrid.bots.handlers.LlmUsage;
import io.botgrid.util.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code llm} handler: each message is answered by an OpenAI-compatible chat-completions service (OpenAI, or a
 * local server speaking the same API), streamed, with the conversation's recent turns as context.
 *
 * <p>What it adds around the call: the bot's budgets (tokens per day cluster-wide, requests per minute on this
 * node; a spent budget answers with {@code budget_reply} and is counted, the service is not called), partial replies
 * while the answer streams (on gRPC Converse streams, and as edits of one Slack message with
 * {@code slack_update_every_tokens}; the final text is the one reply the session stores), the usage report per bot,
 * and the failure behaviour
 * ({@code failure_reply}, or a failed message). The API key goes to the SDK only: it is masked in the bot's view and
 * kept out of every message, log line and span this handler writes.
 *
 * <p>One SDK client per bot settings (the handler registry caches configured handlers by settings text); their
 * stream callbacks and timers share two small daemon pools, created on first use.
 */
public final class LlmHandler implements BotHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LlmHandler.class);
    static final Duration BASE_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Partial replies are published at most this often: each is a cluster message. */
    static final long PARTIAL_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final LlmUsage usage;
    private final LlmBudgets budgets;
    private final Duration baseBackoff;
    private volatile LlmCaller caller;

    public LlmHandler(LlmUsage usage) {
        this(usage, Clock.systemUTC(), BASE_BACKOFF);
    }

    LlmHandler(LlmUsage usage, Clock clock, Duration baseBackoff) {
        this.usage = usage;
        this.budgets = new LlmBudgets(clock, usage.tokenLedger());
        this.baseBackoff = baseBackoff;
    }

    @Override
    public String name() {
        return "llm";
    }

    @Override
    public ConfiguredHandler configure(String settings) {
        LlmSettings s = LlmSettings.parse(settings);
        LlmTokens tokens = LlmTokens.of(s.encoding());
        LlmPrompt prompt = new LlmPrompt(s.systemPrompt(), s.contextTokens(), tokens);
        Client client = new Client(s);
        return request -> answer(s, client, prompt, tokens, request);
    }

    private CompletionStage<HandlerResult> answer(LlmSettings s, Client client, LlmPrompt prompt, LlmTokens tokens,
                                                  HandlerRequest request) {
        String botId = request.botId();
        Optional<LlmBudgets.Spent> spent = budgets.take(botId, s.tokensPerDay(), s.requestsPerMinute());
        if (spent.isPresent()) {
            LOG.debug("Bot {} is over its {} budget on this node: answered with its budget_reply", botId,
                    spent.get().label);
            usage.overBudget(botId, spent.get().label);
            return CompletableFuture.completedFuture(HandlerResult.reply(s.budgetReply()));
        }
        LlmPrompt.Built built = prompt.build(request);
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(s.model())
                .maxCompletionTokens(s.maxTokens())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        s.temperature().ifPresent(params::temperature);
        for (LlmPrompt.Message m : built.messages()) {
            switch (m.role()) {
                case "system" -> params.addSystemMessage(m.text());
                case "assistant" -> params.addAssistantMessage(m.text());
                default -> params.addUserMessage(m.text());
            }
        }
        CompletableFuture<LlmCaller.Answer> call = caller().call(client.get(), params.build(), s,
                partials(request.partials(), s, tokens));
        CompletableFuture<HandlerResult> result = call.handle((answer, error) -> {
            if (error == null) {
                long prompted = answer.usageReported() ? answer.promptTokens() : built.tokens();
                long completed = answer.usageReported() ? answer.completionTokens() : tokens.count(answer.text());
                budgets.used(botId, prompted + completed);
                usage.used(botId, prompted, completed);
                return HandlerResult.reply(answer.text());
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            LlmCallException failure = cause instanceof LlmCallException l ? l
                    : new LlmCallException(LlmCallException.Reason.MALFORMED, "the model call failed ("
                    + cause.getClass().getSimpleName() + ")");
            usage.failed(botId, failure.reason().label);
            if (s.failureReply().isPresent()) {
                LOG.info("Bot {}: {}; answered with its failure_reply", botId, failure.getMessage());
                return HandlerResult.reply(s.failureReply().get());
            }
            throw failure;
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                call.cancel(false); // the session gave up: stop streaming and retrying
            }
        });
        return result;
    }

    /**
     * How the text so far reaches {@code out}: a live stream (gRPC) at most every {@link #PARTIAL_EVERY_NANOS}; a
     * chat message that is edited (Slack) each time {@code slack_update_every_tokens} more tokens came, and not at
     * all without that setting. Called by one stream at a time, in order.
     */
    private static Consumer<String> partials(PartialReplies out, LlmSettings s, LlmTokens tokens) {
        AtomicInteger index = new AtomicInteger();
        if (out.editsMessages()) {
            if (s.slackUpdateEveryTokens().isEmpty()) {
                return textSoFar -> { };
            }
            int every = s.slackUpdateEveryTokens().getAsInt();
            AtomicLong published = new AtomicLong();
            return textSoFar -> {
                long count = tokens.count(textSoFar);
                if (count - published.get() >= every) {
                    published.set(count);
                    out.publish(index.incrementAndGet(), textSoFar);
                }
            };
        }
        AtomicLong lastPartial = new AtomicLong(System.nanoTime() - PARTIAL_EVERY_NANOS);
        return textSoFar -> {
            long now = System.nanoTime();
            long last = lastPartial.get();
            if (now - last >= PARTIAL_EVERY_NANOS && lastPartial.compareAndSet(last, now)) {
                out.publish(index.incrementAndGet(), textSoFar);
            }
        };
    }

    private LlmCaller caller() {
        LlmCaller c = caller;
        if (c == null) {
            synchronized (this) {
                c = caller;
                if (c == null) {
                    ThreadPoolExecutor streams = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(), DaemonThreads.named("botgrid-llm"));
                    streams.allowCoreThreadTimeOut(true);
                    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                            DaemonThreads.named("botgrid-llm-timer"));
                    timers.setRemoveOnCancelPolicy(true);
                    timers.setKeepAliveTime(30, TimeUnit.SECONDS);
                    timers.allowCoreThreadTimeOut(true);
                    c = caller = new LlmCaller(timers, streams, baseBackoff, MAX_BACKOFF);
                }
            }
        }
        return c;
    }

    /**
     * The SDK client of one bot's settings, built on first use: configuring happens on every create and update, and
     * a bot that is only validated should not open connection pools.
     */
    private static final class Client {
        private final LlmSettings settings;
        private volatile OpenAIClientAsync client;

        Client(LlmSettings settings) {
            this.settings = settings;
        }

        OpenAIClientAsync get() {
            OpenAIClientAsync c = client;
            if (c == null) {
                synchronized (this) {
                    c = client;
                    if (c == null) {
                        c = client = OpenAIOkHttpClientAsync.builder()
                                .baseUrl(settings.baseUrl().toString())
                                // a service that needs no key still gets a bearer header: the SDK requires one
                                .apiKey(settings.apiKey().isEmpty() ? "none" : settings.apiKey())
                                .maxRetries(0) // LlmCaller retries, within the bot's timeout
                                .timeout(settings.timeout())
                                .build();
                    }
                }
            }
            return c;
        }
    }
}
