package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.handlers.LlmTokenLedger;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The budgets of llm bots: tokens per UTC day (in a {@link LlmTokenLedger}: on a node, the cluster's count, shared by
 * the nodes and kept across restarts) and requests per minute (this node's count, in memory), per bot.
 *
 * <p>Why the two differ: a day's tokens are worth money and a bot's sessions are spread over the nodes, so the count
 * must be the cluster's; it costs one read before and one write after each model call, small next to the call.
 * Requests per minute protect the service from bursts, which a per-node window does about as well without a
 * cluster write in front of every call (docs/llm.md). Tokens are counted after each answer (the service's usage
 * report, or the local count), so answers running at the same time may together pass the day's figure; the next
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
    private final LlmTokenLedger ledger;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();

    LlmBudgets(Clock clock, LlmTokenLedger ledger) {
        this.clock = clock;
        this.ledger = ledger;
    }

    /**
     * Takes one request of {@code botId} if both budgets allow it; otherwise takes nothing and says which is spent.
     */
    Optional<Spent> take(String botId, OptionalLong tokensPerDay, OptionalLong requestsPerMinute) {
        if (tokensPerDay.isEmpty() && requestsPerMinute.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (tokensPerDay.isPresent() && ledger.tokens(botId, day(now)) >= tokensPerDay.getAsLong()) {
            return Optional.of(Spent.TOKENS_PER_DAY);
        }
        if (requestsPerMinute.isPresent()
                && !bots.computeIfAbsent(botId, id -> new Bot()).take(now, requestsPerMinute.getAsLong())) {
            return Optional.of(Spent.REQUESTS_PER_MINUTE);
        }
        return Optional.empty();
    }

    /** Adds the tokens one answer used. */
    void used(String botId, long tokens) {
        if (tokens > 0) {
            ledger.add(botId, day(clock.millis()), tokens);
        }
    }

    private static long day(long millis) {
        return Math.floorDiv(millis, 86_400_000L); // UTC days since the epoch
    }

    /** One bot's requests of the current minute on this node. */
    private static final class Bot {
        private long minute = Long.MIN_VALUE;
        private long requestsThisMinute;

        synchronized boolean take(long now, long requestsPerMinute) {
            long thisMinute = Math.floorDiv(now, 60_000L);
            if (thisMinute != minute) {
                minute = thisMinute;
                requestsThisMinute = 0;
            }
            if (requestsThisMinute >= requestsPerMinute) {
                return false;
            }
            requestsThisMinute++;
            return true;
        }
    }
}
