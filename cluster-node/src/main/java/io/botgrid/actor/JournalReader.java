package io.botgrid.actor;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Reads actors' persisted events: pages of an actor's journal, its last sequence number, and a live follow that
 * delivers the events already persisted and then each new one as it is written.
 *
 * <p>The port through which everything outside the runtime (the gRPC front's {@code FollowEvents}, the bot
 * platform's reply streams and history, tests) reads journals, so that none of them depends on how or where the
 * runtime stores them. Reading never activates the actor and never blocks its turns.
 *
 * <p>Failures: {@link ClusterUnavailableException} while the node has not joined an active cluster,
 * {@link JournalUnavailableException} when the actor's partition lost every copy or storage failed (retryable),
 * {@link UnreadableEventException} for a record that does not parse.
 */
public interface JournalReader {
    /**
     * Up to {@code maxEntries} events of {@code actor} from {@code fromSeq} on, in sequence order; fewer (or none)
     * when the journal ends first. Blocks on storage: call it off transport and actor threads.
     *
     * @throws IllegalArgumentException if {@code fromSeq < 1} or {@code maxEntries < 1}
     */
    List<JournalEntry> read(ActorId actor, long fromSeq, int maxEntries);

    /** The sequence number of the actor's last persisted event, 0 if it has none. Blocks on storage. */
    long lastSeq(ActorId actor);

    /**
     * The actors of {@code type} that have persisted at least one event, in no particular order. Scans the whole
     * cluster's activation directory (one entry per actor): meant for rare housekeeping, such as re-deriving an
     * index from the journals after a node failed, never for requests. Blocks on storage.
     */
    List<ActorId> actorsOfType(String type);

    /**
     * The actors of {@code type} whose journal (or snapshot) this cluster holds, also those never active here: a
     * standby region's journals are written by replication, which writes no directory entries, so
     * {@link #actorsOfType} does not see them. Scans the whole journal on the nodes holding it: only for once-off
     * housekeeping, such as re-deriving the bot index after a promotion. Blocks on storage.
     */
    List<ActorId> actorsOfTypeInJournal(String type);

    /**
     * Follows {@code actor}'s journal from {@code fromSeq}: first the events it holds, then each new one as it is
     * persisted, in sequence order, each exactly once (no gap, no repeat, also while the catch-up read and new
     * writes overlap). Nothing is delivered before {@link Subscription#request} and never more than requested.
     * Every call to the subscriber runs on {@code executor}, one at a time (reads block: give it a pool meant for
     * I/O). Ends only by {@link Subscription#close} or {@link Subscriber#onError}.
     *
     * @throws IllegalArgumentException if {@code fromSeq < 1}
     */
    Subscription follow(ActorId actor, long fromSeq, Executor executor, Subscriber subscriber);

    /** Receives a follow's events; calls come one at a time from the follow's executor. */
    interface Subscriber {
        /** The next event. Throwing ends the follow with {@link #onError}. */
        void onEntry(JournalEntry entry);

        /**
         * Called once, when the events the journal held at the start have been delivered; {@code nextSeq} is the
         * number of the next event to come.
         */
        default void onCaughtUp(long nextSeq) {
        }

        /** The follow ended on an error; nothing follows. */
        void onError(Throwable error);
    }

    /** A running follow: its demand and its end. */
    interface Subscription extends AutoCloseable {
        /**
         * Allows {@code n} more events to be delivered (demand adds up; {@link Long#MAX_VALUE} means unbounded).
         *
         * @throws IllegalArgumentException if {@code n < 1}
         */
        void request(long n);

        /** The sequence number of the next event due: where to resume after the follow ends. */
        long nextSeq();

        /** Stops following; idempotent, from any thread. The subscriber hears nothing once the follow sees it. */
        @Override
        void close();
    }
}
