package io.botgrid.bots.internal;

import io.botgrid.proto.v1.BotRecord;
import java.time.Duration;

/**
 * A bot's record as a session's turn read it from the {@link BotDirectory}, and when. The outbox's first attempt at
 * a reply that turn stored uses it instead of reading the directory again (one Ignite read less per message), but
 * only while it is at most {@link #REUSE_WITHIN} old: the same order as the time a message is in flight between the
 * endpoint's lookup and the session's, so a channel change (a new token, a disconnected channel) is seen no later
 * than a message already under way would see it. Older records, retries and re-drives read the directory.
 *
 * @param bot the record read
 * @param readAtNanos {@link System#nanoTime()} just before it was read
 */
record KnownBot(BotRecord bot, long readAtNanos) {
    /** How old a record the outbox may still use: the inline budget, the longest a turn waits for its handler. */
    static final Duration REUSE_WITHIN = SessionBehavior.INLINE_BUDGET;

    /** Whether the record may stand for a fresh read at {@code nowNanos} ({@link System#nanoTime()}). */
    boolean freshAt(long nowNanos) {
        long age = nowNanos - readAtNanos;
        return age >= 0 && age <= REUSE_WITHIN.toNanos();
    }
}
