package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several threads appending unique tags to many ledger actors through one client, recording which appends were
 * acknowledged. Bounded: each thread stops at {@link #stop()} or after its own count of calls.
 */
final class LoadUnderFailure {
    private final ActorClient client;
    private final List<ActorId> actors;
    private final Map<ActorId, Queue<String>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch done;
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();

    LoadUnderFailure(ActorClient client, List<ActorId> actors, int threadCount, int maxCallsPerThread) {
        this.client = client;
        this.actors = actors;
        this.done = new CountDownLatch(threadCount);
        for (ActorId id : actors) {
            acknowledged.put(id, new ConcurrentLinkedQueue<>());
        }
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            Thread th = new Thread(() -> run(thread, threadCount, maxCallsPerThread), "load-" + t);
            th.setDaemon(true);
            threads.add(th);
        }
    }

    LoadUnderFailure start() {
        threads.forEach(Thread::start);
        return this;
    }

    private void run(int thread, int threadCount, int maxCalls) {
        try {
            int n = 0;
            for (int i = thread; running.get() && n < maxCalls; i += threadCount, n++) {
                ActorId id = actors.get(i % actors.size());
                String tag = "t" + thread + "-" + n;
                try {
                    client.<StringValue>ask(id, cmd("append:" + tag),
                            CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(20))).join();
                    acknowledged.get(id).add(tag);
                    ok.incrementAndGet();
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    if (!(cause instanceof ActorException)) {
                        errors.add(cause.toString());
                    }
                }
            }
        } finally {
            done.countDown();
        }
    }

    int acknowledgedCount() {
        return ok.get();
    }

    int failedCount() {
        return failed.get();
    }

    /** Errors that were not one of the runtime's declared exceptions (must stay empty). */
    Queue<String> undeclaredErrors() {
        return errors;
    }

    Map<ActorId, Queue<String>> acknowledged() {
        return acknowledged;
    }

    void stop() throws InterruptedException {
        running.set(false);
        done.await();
    }
}
