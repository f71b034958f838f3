package io.botgrid.bots.internal;

import io.botgrid.actor.ActorClient;
import io.botgrid.actor.CallOptions;
import io.botgrid.proto.v1.BotAddCounters;
import io.botgrid.proto.v1.BotCommand;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
 *
 * <p>Each flush is numbered per bot ({@code source}, {@code flush_seq}): a flush whose call failed is sent again
 * unchanged, with its number, until the actor acknowledges it, and only then is the next one taken from what
 * accumulated meanwhile. The Bot actor remembers the last number it added per source, so a flush that was applied
 * but whose reply was lost (a timeout, a failover) is not added a second time. One flush per bot is in flight at a
 * time, so the numbers reach the actor in order.
 */
final class BotCounters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BotCounters.class);

    private final ActorClient actors;
    private final String source;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> flushing;

    /**
     * @param nodeName names the source of this node's flushes (with a random part: every run of the node is a new
     *     source, so its numbering can start at 1 again)
     */
    BotCounters(ActorClient actors, ScheduledExecutorService scheduler, Duration every, String nodeName) {
        this.actors = actors;
        this.source = nodeName + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.flushing = scheduler.scheduleWithFixedDelay(this::flush, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void messageIn(String botId, boolean newSession) {
        Tally c = tally(botId);
        c.messagesIn.increment();
        if (newSession) {
            c.sessions.increment();
        }
    }

    void replyOut(String botId) {
        tally(botId).repliesOut.increment();
    }

    void error(String botId) {
        tally(botId).errors.increment();
    }

    /** Tokens an llm handler used for one message. */
    void llmTokens(String botId, long tokens) {
        if (tokens > 0) {
            tally(botId).llmTokens.add(tokens);
        }
    }

    /** A message answered with the bot's budget_reply. */
    void llmOverBudget(String botId) {
        tally(botId).llmOverBudget.increment();
    }

    private Tally tally(String botId) {
        return tallies.computeIfAbsent(botId, id -> new Tally());
    }

    /** Sends, per bot, the flush that failed before or else what accumulated; one flush per bot in flight. */
    void flush() {
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            BotAddCounters delta = e.getValue().next(source);
            if (delta == null) {
                continue;
            }
            String botId = e.getKey();
            actors.ask(BotIds.actorId(botId), BotCommand.newBuilder().setAddCounters(delta).build(),
                    CallOptions.DEFAULT).whenComplete((ok, error) -> {
                        if (error != null) {
                            LOG.debug("Counters of bot {} (flush #{}) not acknowledged now, sent again at the next "
                                    + "flush: {}", botId, delta.getFlushSeq(), error.toString());
                        }
                        e.getValue().done(error == null);
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

    /** One bot's counts not yet sent, and the flush in flight or waiting to be sent again. */
    private static final class Tally {
        final LongAdder messagesIn = new LongAdder();
        final LongAdder repliesOut = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder sessions = new LongAdder();
        final LongAdder llmTokens = new LongAdder();
        final LongAdder llmOverBudget = new LongAdder();
        private long lastSeq;
        private BotAddCounters unacknowledged;
        private boolean sending;

        /** The flush to send now, or null: one is in flight, or nothing accumulated. */
        synchronized BotAddCounters next(String source) {
            if (sending) {
                return null;
            }
            if (unacknowledged == null) {
                BotAddCounters delta = BotAddCounters.newBuilder().setMessagesIn(messagesIn.sumThenReset())
                        .setRepliesOut(repliesOut.sumThenReset()).setErrors(errors.sumThenReset())
                        .setSessions(sessions.sumThenReset()).setLlmTokens(llmTokens.sumThenReset())
                        .setLlmOverBudget(llmOverBudget.sumThenReset()).build();
                if (delta.getMessagesIn() + delta.getRepliesOut() + delta.getErrors() + delta.getSessions()
                        + delta.getLlmTokens() + delta.getLlmOverBudget() == 0) {
                    return null;
                }
                unacknowledged = delta.toBuilder().setSource(source).setFlushSeq(++lastSeq).build();
            }
            sending = true;
            return unacknowledged;
        }

        synchronized void done(boolean acknowledged) {
            sending = false;
            if (acknowledged) {
                unacknowledged = null;
            }
        }
    }
}
