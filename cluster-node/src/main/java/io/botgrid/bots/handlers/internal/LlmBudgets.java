package io.botgrid.bots.handlers.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's budgets of llm bots: tokens per UTC day and requests per minute, per bot.
 *
 * <p>Why per node and not cluster-wide: a cluster-wide count would put a replicated write in front of every model
 * call, which costs more than the budget protects against; a bot's sessions are spread over the nodes, so a
 * cluster-wide cap is about the per-node figure times the number of nodes (docs/llm.md). Tokens are counted after
 * each answer (the service's usage report, or the local count), so one answer may pass the day's figure; the next
 * message is refused. Requests are counted when they start, in fixed one-minute windows. Thread-safe.
 */
final class LlmBudgets {
    /** Which budget refused a message. */
    enum Spent {
        TOKENS_PER_DAY("tokens_per_day"), REQUESTS_PER_MINUTE("requests_per_minute");

        final String label;

        Spent(String label) {
            this.label = label;
        }
    }

    private final Clock clock;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();

    LlmBudgets(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes one request of {@code botId} if both budgets allow it; otherwise takes nothing and says which is spent.
     */
    Optional<Spent> take(String botId, OptionalLong tokensPerDay, OptionalLong requestsPerMinute) {
        if (tokensPerDay.isEmpty() && requestsPerMinute.isEmpty()) {
            return Optional.empty();
        }
        return bots.computeIfAbsent(botId, id -> new Bot()).take(clock.millis(), tokensPerDay, requestsPerMinute);
    }

    /** Adds the tokens one answer used. */
    void used(String botId, long tokens) {
        bots.computeIfAbsent(botId, id -> new Bot()).used(clock.millis(), tokens);
    }

    /** One bot's counts on this node. */
    private static final class Bot {
        private long day = Long.MIN_VALUE;
        private long tokensToday;
        private long minute = Long.MIN_VALUE;
        private long requestsThisMinute;

        synchronized Optional<Spent> take(long now, OptionalLong tokensPerDay, OptionalLong requestsPerMinute) {
            roll(now);
            if (tokensPerDay.isPresent() && tokensToday >= tokensPerDay.getAsLong()) {
                return Optional.of(Spent.TOKENS_PER_DAY);
            }
            if (requestsPerMinute.isPresent() && requestsThisMinute >= requestsPerMinute.getAsLong()) {
                return Optional.of(Spent.REQUESTS_PER_MINUTE);
            }
            requestsThisMinute++;
            return Optional.empty();
        }

        synchronized void used(long now, long tokens) {
            roll(now);
            tokensToday += Math.max(0, tokens);
        }

        private void roll(long now) {
            long today = Math.floorDiv(now, 86_400_000L); // UTC days since the epoch
            if (today != day) {
                day = today;
                tokensToday = 0;
            }
            long thisMinute = Math.floorDiv(now, 60_000L);
            if (thisMinute != minute) {
                minute = thisMinute;
                requestsThisMinute = 0;
            }
        }
    }
}
