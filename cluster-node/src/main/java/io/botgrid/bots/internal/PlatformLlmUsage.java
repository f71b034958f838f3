package io.botgrid.bots.internal;

import io.botgrid.bots.handlers.LlmTokenLedger;
import io.botgrid.bots.handlers.LlmUsage;
import io.botgrid.telemetry.LlmMetrics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what the llm handler reports: the bot's stats ({@code llm_tokens}, {@code llm_over_budget}, summed over the
 * nodes by the Bot actor), the per-bot usage metrics, and an {@code llm.over_budget} or {@code llm.failed} event;
 * and hands the handler the cluster's daily token counts ({@link ClusterTokenLedger}).
 *
 * <p>Why the bot label is bounded here: a bot id is an unbounded value, and each new label value is a new series in
 * every Prometheus that scrapes the node. The first {@value #MAX_BOT_LABELS} bots this node reports keep their id;
 * later ones are counted under {@link LlmMetrics#OTHER}, and their exact figures stay in the bot stats.
 */
final class PlatformLlmUsage implements LlmUsage {
    static final int MAX_BOT_LABELS = 100;

    private final BotCounters counters;
    private final PlatformTelemetry telemetry;
    private final Set<String> labelled = ConcurrentHashMap.newKeySet();

    private final LlmTokenLedger ledger;

    PlatformLlmUsage(BotCounters counters, PlatformTelemetry telemetry, LlmTokenLedger ledger) {
        this.counters = counters;
        this.telemetry = telemetry;
        this.ledger = ledger;
    }

    @Override
    public LlmTokenLedger tokenLedger() {
        return ledger;
    }

    @Override
    public void used(String botId, long promptTokens, long completionTokens) {
        counters.llmTokens(botId, promptTokens + completionTokens);
        telemetry.llm().used(label(botId), promptTokens, completionTokens);
    }

    @Override
    public void overBudget(String botId, String budget) {
        counters.llmOverBudget(botId);
        telemetry.llm().notAnswered(label(botId), "over_budget");
        telemetry.events().emit("llm.over_budget", Map.of("bot", botId, "budget", budget));
    }

    @Override
    public void failed(String botId, String reason) {
        telemetry.llm().notAnswered(label(botId), reason);
        telemetry.events().emit("llm.failed", Map.of("bot", botId, "reason", reason));
    }

    /** The bot's label: its id while fewer than the bound have one, else {@code other}. */
    String label(String botId) {
        if (labelled.contains(botId)) {
            return botId;
        }
        synchronized (labelled) {
            if (labelled.size() < MAX_BOT_LABELS) {
                labelled.add(botId);
                return botId;
            }
        }
        return LlmMetrics.OTHER;
    }
}
