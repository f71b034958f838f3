package io.botgrid.bots.internal;

import io.botgrid.actor.ActorClient;
import io.botgrid.actor.CallOptions;
import io.botgrid.proto.v1.BotAddCounters;
import io.botgrid.proto.v1.BotCommand;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bot's counters as this node sees them, added to the Bot actor once a second rather than once a message: a
 * busy bot would otherwise turn every message into a second journal write on the Bot actor's node. A node that
 * crashes loses at most its last second of counts; counts are statistics, not state.
 */
final class BotCounters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BotCounters.class);

    private final ActorClient actors;
    private final Map<String, Counts> pending = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> flushing;

    BotCounters(ActorClient actors, ScheduledExecutorService scheduler, Duration every) {
        this.actors = actors;
        this.flushing = scheduler.scheduleWithFixedDelay(this::flush, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void messageIn(String botId, boolean newSession) {
        Counts c = counts(botId);
        c.messagesIn.increment();
        if (newSession) {
            c.sessions.increment();
        }
    }

    void replyOut(String botId) {
        counts(botId).repliesOut.increment();
    }

    void error(String botId) {
        counts(botId).errors.increment();
    }

    private Counts counts(String botId) {
        return pending.computeIfAbsent(botId, id -> new Counts());
    }

    /** Sends what accumulated; counts whose call fails are added back for the next flush. */
    void flush() {
        for (Map.Entry<String, Counts> e : pending.entrySet()) {
            Counts c = e.getValue();
            BotAddCounters delta = BotAddCounters.newBuilder().setMessagesIn(c.messagesIn.sumThenReset())
                    .setRepliesOut(c.repliesOut.sumThenReset()).setErrors(c.errors.sumThenReset())
                    .setSessions(c.sessions.sumThenReset()).build();
            if (delta.getMessagesIn() + delta.getRepliesOut() + delta.getErrors() + delta.getSessions() == 0) {
                pending.remove(e.getKey(), c);
                continue;
            }
            actors.ask(BotIds.actorId(e.getKey()), BotCommand.newBuilder().setAddCounters(delta).build(),
                    CallOptions.DEFAULT).whenComplete((ok, error) -> {
                        if (error != null) {
                            LOG.debug("Counters of bot {} not flushed now: {}", e.getKey(), error.toString());
                            Counts back = counts(e.getKey());
                            back.messagesIn.add(delta.getMessagesIn());
                            back.repliesOut.add(delta.getRepliesOut());
                            back.errors.add(delta.getErrors());
                            back.sessions.add(delta.getSessions());
                        }
                    });
        }
    }

    /** Stops the periodic flush and flushes once more; idempotent. */
    @Override
    public void close() {
        if (flushing.cancel(false)) {
            flush();
        }
    }

    private static final class Counts {
        final LongAdder messagesIn = new LongAdder();
        final LongAdder repliesOut = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder sessions = new LongAdder();
    }
}
