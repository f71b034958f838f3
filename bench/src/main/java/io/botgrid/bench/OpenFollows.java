package io.botgrid.bench;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.JournalReader;
import io.botgrid.node.BotgridNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --w1-follows n}: live follows ({@link JournalReader#follow}, what {@code FollowEvents} and a conversation's
 * reply stream use) of {@code n} actors W1 does not write, held open on node 1 while W1 runs: what open follows cost
 * the writes of actors nobody follows. (With a continuous query per follow, every journal write ran every query's
 * filter and backup bookkeeping; a node's follows now share one query, whose filter sends the node only the writes
 * of the actors it follows, see docs/benchmarks.md.)
 */
final class OpenFollows implements AutoCloseable {
    private final ExecutorService executor;
    private final List<JournalReader.Subscription> subscriptions = new ArrayList<>();
    private final AtomicLong entries = new AtomicLong();

    private OpenFollows(ExecutorService executor) {
        this.executor = executor;
    }

    /** Opens {@code n} follows on {@code node} and waits until each has read its (empty) journal. */
    static OpenFollows open(BotgridNode node, int n, String type) throws TimeoutException {
        OpenFollows follows = new OpenFollows(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-follows");
            t.setDaemon(true);
            return t;
        }));
        CountDownLatch caughtUp = new CountDownLatch(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            JournalReader.Subscription s = node.events().follow(ActorId.of(type, "followed-" + i), 1,
                    follows.executor, new JournalReader.Subscriber() {
                        @Override
                        public void onEntry(JournalEntry entry) {
                            follows.entries.incrementAndGet();
                        }

                        @Override
                        public void onCaughtUp(long nextSeq) {
                            caughtUp.countDown();
                        }

                        @Override
                        public void onError(Throwable error) {
                            Figures.progress("a follow ended: " + error);
                            caughtUp.countDown();
                        }
                    });
            s.request(Long.MAX_VALUE);
            follows.subscriptions.add(s);
        }
        try {
            if (!caughtUp.await(5, TimeUnit.MINUTES)) {
                follows.close();
                throw new TimeoutException(caughtUp.getCount() + " of " + n + " follows not started in 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            follows.close();
            throw new TimeoutException("interrupted while the follows started");
        }
        Figures.progress(n + " follows open in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return follows;
    }

    /** Events the follows received: none expected, W1 writes other actors. */
    long entries() {
        return entries.get();
    }

    @Override
    public void close() {
        subscriptions.forEach(JournalReader.Subscription::close);
        executor.shutdownNow();
    }
}
