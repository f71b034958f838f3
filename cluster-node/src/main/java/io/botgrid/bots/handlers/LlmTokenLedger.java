package io.botgrid.bots.handlers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens each llm bot used per UTC day, against which its {@code tokens_per_day} budget is checked.
 *
 * <p>Why a port: on a node the bot platform keeps it in the cluster (one count per bot and day, shared by every node
 * and kept across restarts), while registries built without a platform (tests, the CLI's checks) count in memory.
 * Implementations must not throw; a count that cannot be read is 0 (a budget fails open rather than silencing a bot).
 */
public interface LlmTokenLedger {
    /** The tokens counted for {@code botId} on UTC day {@code epochDay} (days since 1970-01-01). */
    long tokens(String botId, long epochDay);

    /** Adds {@code tokens} to the count of {@code botId} on {@code epochDay}. */
    void add(String botId, long epochDay, long tokens);

    /** A ledger in this JVM's memory, keeping each bot's current day only. */
    static LlmTokenLedger inMemory() {
        record Day(long day, long tokens) {
        }
        Map<String, Day> days = new ConcurrentHashMap<>();
        return new LlmTokenLedger() {
            @Override
            public long tokens(String botId, long epochDay) {
                Day d = days.get(botId);
                return d != null && d.day() == epochDay ? d.tokens() : 0;
            }

            @Override
            public void add(String botId, long epochDay, long tokens) {
                days.merge(botId, new Day(epochDay, Math.max(0, tokens)), (old, add) -> old.day() == epochDay
                        ? new Day(epochDay, old.tokens() + add.tokens()) : old.day() > epochDay ? old : add);
            }
        };
    }
}
