package io.botgrid.bots.internal;

import io.botgrid.proto.v1.BotAddCounters;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.CounterSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Bot actor's memory of counter flushes: per source (one node's run), the number of the last flush it added.
 * Why a high-water mark and not the runtime's idempotency keys: flushes come every second from every node, and as
 * keys they would push the administrators' idempotency keys out of the actor's bounded key cache. A source sends
 * its flushes one at a time and in order, so "number not above the last added" means "added before".
 *
 * <p>Bounded: a source not heard from for {@link #FORGET_AFTER} (its node has restarted as a new source or left)
 * is forgotten, and at most {@link #MAX_SOURCES} are kept, the least recent dropped first. Pure functions of the
 * record and the event, so recovery folds them the same way.
 */
final class CounterSources {
    /** How long a silent source is remembered: far beyond any retry of a flush. */
    static final Duration FORGET_AFTER = Duration.ofDays(1);
    static final int MAX_SOURCES = 256;

    private CounterSources() {
    }

    /** Whether {@code flush} was added to {@code bot} already; never for a flush without a source. */
    static boolean alreadyAdded(BotRecord bot, BotAddCounters flush) {
        if (flush.getSource().isEmpty()) {
            return false;
        }
        for (CounterSource s : bot.getCounterSourcesList()) {
            if (s.getSource().equals(flush.getSource())) {
                return flush.getFlushSeq() <= s.getFlushSeq();
            }
        }
        return false;
    }

    /** Remembers {@code flush} as its source's last, at {@code atMillis}, and forgets stale sources. */
    static void record(BotRecord.Builder bot, BotAddCounters flush, long atMillis) {
        if (flush.getSource().isEmpty()) {
            return;
        }
        long forgetBefore = atMillis - FORGET_AFTER.toMillis();
        List<CounterSource> kept = new ArrayList<>();
        for (CounterSource s : bot.getCounterSourcesList()) {
            if (!s.getSource().equals(flush.getSource()) && s.getAtMillis() >= forgetBefore) {
                kept.add(s);
            }
        }
        kept.add(CounterSource.newBuilder().setSource(flush.getSource()).setFlushSeq(flush.getFlushSeq())
                .setAtMillis(atMillis).build());
        if (kept.size() > MAX_SOURCES) {
            kept.sort(Comparator.comparingLong(CounterSource::getAtMillis).reversed());
            kept = new ArrayList<>(kept.subList(0, MAX_SOURCES));
        }
        bot.clearCounterSources().addAllCounterSources(kept);
    }
}
