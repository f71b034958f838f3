package io.botgrid.bots.handlers;

/**
 * Where the built-in {@code llm} handler reports what its bots used and were refused; the node's bot platform counts
 * it (bot stats, metrics, events).
 *
 * <p>Why a port: handlers are built before the platform's counters and telemetry exist and must not depend on them;
 * the registry hands this to the handler, and {@link #NONE} serves registries built without a platform (tests, the
 * CLI's checks). Implementations must be quick and must not throw.
 */
public interface LlmUsage {
    /** Reports nothing. */
    LlmUsage NONE = new LlmUsage() {
        @Override
        public void used(String botId, long promptTokens, long completionTokens) {
        }

        @Override
        public void overBudget(String botId, String budget) {
        }

        @Override
        public void failed(String botId, String reason) {
        }
    };

    /** One answer of the model for {@code botId}, in tokens as the service reported them (or as counted here). */
    void used(String botId, long promptTokens, long completionTokens);

    /** A message answered with the bot's budget_reply; {@code budget} is {@code tokens_per_day} or
     * {@code requests_per_minute}. */
    void overBudget(String botId, String budget);

    /** A call that got no answer; {@code reason} is one of a closed set (timeout, rate_limited, server_error,
     * malformed, refused, io). */
    void failed(String botId, String reason);

    /**
     * Where the bots' daily token counts are kept: the cluster's on a node; by default a fresh count in memory, so
     * call it once per handler.
     */
    default LlmTokenLedger tokenLedger() {
        return LlmTokenLedger.inMemory();
    }
}
