package io.botgrid.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * The llm handler's usage: tokens and requests per bot. The one place a bot id is a label, because model tokens are
 * what a bot's owner is billed for; the caller bounds the bot label (the first bots seen keep their id, the rest share
 * {@value #OTHER}), so the series stay a bounded set whatever the number of bots.
 */
public final class LlmMetrics {
    /** The bot label of every bot past the bound. */
    public static final String OTHER = "other";
    /**
     * Every outcome of {@code botgrid_llm_requests_total}: declared at 0 under {@value #OTHER} from the start, so that
     * the dashboards' and alerts' selectors of an outcome have a series before the first such message.
     */
    public static final List<String> OUTCOMES = List.of("answered", "over_budget", "timeout", "rate_limited",
            "server_error", "malformed", "refused", "io");

    private final Counter tokens;
    private final Counter requests;

    LlmMetrics(PrometheusRegistry registry) {
        tokens = Counter.builder().name("botgrid_llm_tokens_total")
                .help("Tokens the llm handler used, by bot (bounded: later bots are 'other') and kind (prompt, "
                        + "completion)")
                .labelNames("bot", "kind").register(registry);
        requests = Counter.builder().name("botgrid_llm_requests_total")
                .help("Messages the llm handler took, by bot (bounded) and outcome (answered, over_budget, or the "
                        + "failure reason: timeout, rate_limited, server_error, malformed, refused, io)")
                .labelNames("bot", "outcome").register(registry);
        tokens.labelValues(OTHER, "prompt");
        tokens.labelValues(OTHER, "completion");
        OUTCOMES.forEach(outcome -> requests.labelValues(OTHER, outcome));
    }

    /** One answer's tokens. */
    public void used(String bot, long promptTokens, long completionTokens) {
        tokens.labelValues(bot, "prompt").inc(promptTokens);
        tokens.labelValues(bot, "completion").inc(completionTokens);
        requests.labelValues(bot, "answered").inc();
    }

    /** A message that was not answered by the model: {@code outcome} is over_budget or a failure reason. */
    public void notAnswered(String bot, String outcome) {
        requests.labelValues(bot, outcome).inc();
    }
}
