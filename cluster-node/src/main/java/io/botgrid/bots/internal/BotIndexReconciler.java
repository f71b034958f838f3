package io.botgrid.bots.internal;

import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.JournalReader;
import io.botgrid.proto.v1.BotCommand;
import io.botgrid.proto.v1.BotGet;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.SessionCommand;
import io.botgrid.proto.v1.SessionGet;
import io.botgrid.proto.v1.SessionReply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-derives the bot index from the Bot actors' journals after a failure. The Bot actor writes its record to the
 * index after each change is durable; a node that dies between the append and that write leaves the index one
 * change behind (a created bot missing from the list). So when the cluster starts and whenever a node leaves or
 * fails, the oldest server node lists every Bot actor that has a journal ({@link JournalReader#actorsOfType}),
 * asks each for its record (which recovers it from its journal) and indexes it; a write never replaces a newer
 * version. Bots whose call fails are tried again in a later pass ({@link #RETRY_AFTER}, at most
 * {@link #MAX_PASSES} passes per trigger).
 */
final class BotIndexReconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BotIndexReconciler.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    static final int MAX_PASSES = 12;
    private static final int[] DEPARTURES = {EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED};

    private final Supplier<Ignite> ignite;
    private final JournalReader journal;
    private final ActorClient actors;
    private final BotDirectory directory;
    private final SessionIndex sessions;
    private final Executor io;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** The next pass (and its retries) lists the bots from the journal, not the directory: {@link #afterPromotion}. */
    private final AtomicBoolean fromJournal = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final IgnitePredicate<Event> onDeparture = e -> {
        trigger();
        return true;
    };

    BotIndexReconciler(Supplier<Ignite> ignite, JournalReader journal, ActorClient actors, BotDirectory directory,
                       SessionIndex sessions, Executor io, ScheduledExecutorService scheduler) {
        this.sessions = sessions;
        this.ignite = ignite;
        this.journal = journal;
        this.actors = actors;
        this.directory = directory;
        this.io = io;
        this.scheduler = scheduler;
    }

    /** Listens for departures and reconciles once now (the cluster may have started after a crash). */
    void start() {
        ignite.get().events().localListen(onDeparture, DEPARTURES);
        trigger();
    }

    /** Starts a reconciliation on this node if it is the oldest server; one at a time, a second one queued. */
    void trigger() {
        if (closed.get() || !oldest()) {
            return;
        }
        again.set(true);
        if (running.compareAndSet(false, true)) {
            io.execute(() -> pass(1, fromJournal.getAndSet(false)));
        }
    }

    /**
     * The region, a standby, was promoted: its Bot actors' journals were written by replication, which neither
     * indexes them nor gives them directory entries, so the bots are listed from the journal itself; and the
     * session index, which the Session actors write as they take messages, is re-derived the same way (each
     * session is recovered once to read its summary).
     */
    void afterPromotion() {
        fromJournal.set(true);
        trigger();
    }

    private boolean oldest() {
        try {
            ClusterNode oldest = ignite.get().cluster().forServers().forOldest().node();
            return oldest != null && oldest.isLocal();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void pass(int number, boolean scanJournal) {
        again.set(false);
        int failed = 0;
        int indexed = 0;
        try {
            List<ActorId> bots = scanJournal ? journal.actorsOfTypeInJournal(BotIds.ACTOR_TYPE)
                    : journal.actorsOfType(BotIds.ACTOR_TYPE);
            for (ActorId id : bots) {
                if (closed.get()) {
                    return;
                }
                try {
                    BotRecord bot = actors.<BotRecord>ask(id, get(), CallOptions.DEFAULT).join();
                    if (bot.getExists()) {
                        directory.store(bot).join();
                        indexed++;
                    }
                } catch (RuntimeException e) {
                    failed++;
                    LOG.debug("Bot {} not re-indexed in pass {}: {}", id, number, e.toString());
                }
            }
        } catch (RuntimeException e) {
            failed++;
            LOG.debug("Bot index reconciliation pass {} could not list the bots: {}", number, e.toString());
        }
        if (scanJournal) {
            try {
                for (ActorId id : journal.actorsOfTypeInJournal(SessionKey.ACTOR_TYPE)) {
                    if (closed.get()) {
                        return;
                    }
                    try {
                        SessionReply s = actors.<SessionReply>ask(id, sessionGet(), CallOptions.DEFAULT).join();
                        sessions.restore(SessionKey.parse(id.key()), s.getUserId(), s.getLastActivityMillis(),
                                s.getState());
                        indexed++;
                    } catch (RuntimeException e) {
                        failed++;
                        LOG.debug("Session {} not re-indexed in pass {}: {}", id, number, e.toString());
                    }
                }
            } catch (RuntimeException e) {
                failed++;
                LOG.debug("Session index pass {} could not list the sessions: {}", number, e.toString());
            }
        }
        if (indexed + failed > 0) {
            LOG.info("Bot index reconciled from the Bot actors' journals (pass {}{}): {} indexed, {} to try "
                    + "again", number, scanJournal ? ", bots and sessions" : "", indexed, failed);
        }
        if (closed.get()) {
            return;
        }
        if (failed > 0 && number < MAX_PASSES) {
            scheduler.schedule(() -> io.execute(() -> pass(number + 1, scanJournal)), RETRY_AFTER.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else if (again.get()) {
            io.execute(() -> pass(1, fromJournal.getAndSet(false)));
        } else {
            running.set(false);
            if (again.get() && running.compareAndSet(false, true)) {
                io.execute(() -> pass(1, fromJournal.getAndSet(false))); // triggered while this pass was finishing
            }
        }
    }

    private static SessionCommand sessionGet() {
        return SessionCommand.newBuilder().setGet(SessionGet.getDefaultInstance()).build();
    }

    private static BotCommand get() {
        return BotCommand.newBuilder().setGet(BotGet.getDefaultInstance()).build();
    }

    /** Stops listening; a pass in progress ends at its next bot. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                Ignite node = ignite.get();
                if (node != null) {
                    node.events().stopLocalListen(onDeparture, DEPARTURES);
                }
            } catch (RuntimeException e) {
                LOG.debug("Bot index reconciler: departures listener not removed: {}", e.toString());
            }
        }
    }
}
