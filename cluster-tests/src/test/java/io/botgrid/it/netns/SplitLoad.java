package io.botgrid.it.netns;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.CallActorRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test's client: worker threads that append unique tags to ledger actors through chosen nodes' gRPC fronts and
 * log every attempt (which node, when, and the outcome: the acknowledged sequence number or the status code).
 */
final class SplitLoad implements AutoCloseable {
    /** One call: tag appended to key through node; seq is the acknowledged count, or 0 if the call failed. */
    record Attempt(String key, String tag, int node, long startNanos, long endNanos, long seq, String failure) {
        boolean acknowledged() {
            return failure == null;
        }
    }

    private final List<String> keys;
    private final Map<Integer, ManagedChannel> channels;
    private final Queue<Attempt> log = new ConcurrentLinkedQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final Map<Integer, AtomicInteger> acknowledgedBy = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    SplitLoad(List<String> keys, Map<Integer, ManagedChannel> channels) {
        this.keys = List.copyOf(keys);
        this.channels = channels;
    }

    /** Adds {@code threads} workers that write through node {@code node}. */
    SplitLoad through(int node, int threads) {
        for (int t = 0; t < threads; t++) {
            String prefix = "n" + node + "w" + workers.size() + "-";
            Thread w = new Thread(() -> work(node, prefix), "split-load-" + prefix);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        return this;
    }

    private void work(int node, String prefix) {
        ActorServiceGrpc.ActorServiceBlockingStub stub = ActorServiceGrpc.newBlockingStub(channels.get(node));
        int n = 0;
        while (running) {
            String key = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
            String tag = prefix + n++;
            long start = System.nanoTime();
            try {
                Any reply = stub.withDeadlineAfter(3, TimeUnit.SECONDS).call(CallActorRequest.newBuilder()
                        .setActorType(ItSupport.LEDGER).setActorKey(key)
                        .setCommand(Any.pack(StringValue.of("append:" + tag))).build()).getReply();
                long seq = Long.parseLong(reply.unpack(StringValue.class).getValue());
                log.add(new Attempt(key, tag, node, start, System.nanoTime(), seq, null));
                acknowledged.incrementAndGet();
                acknowledgedBy.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
            } catch (StatusRuntimeException e) {
                log.add(new Attempt(key, tag, node, start, System.nanoTime(), 0,
                        e.getStatus().getCode() + ": " + e.getStatus().getDescription()));
                pause();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // a refused call is not retried in a hot loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int acknowledgedCount() {
        return acknowledged.get();
    }

    /**
     * The calls so far, for a failure message: how many were acknowledged and how many failed, the three most
     * frequent failures, and the slowest acknowledged call.
     */
    String summary() {
        return summarySince(Long.MIN_VALUE);
    }

    /** {@link #summary()} of the calls started at or after {@code startNanos}, per node they went through. */
    String summarySince(long startNanos) {
        List<Attempt> all = attempts().stream().filter(a -> a.startNanos() >= startNanos).toList();
        Map<String, Long> failures = new java.util.TreeMap<>();
        long slowest = 0;
        for (Attempt a : all) {
            if (a.acknowledged()) {
                slowest = Math.max(slowest, a.endNanos() - a.startNanos());
            } else {
                String kind = "node-" + a.node() + " " + (a.failure().length() > 120 ? a.failure().substring(0, 120)
                        : a.failure());
                failures.merge(kind, 1L, Long::sum);
            }
        }
        List<String> top = failures.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> e.getValue() + " x " + e.getKey()).toList();
        long acked = all.stream().filter(Attempt::acknowledged).count();
        return acked + " acknowledged, " + (all.size() - acked) + " failed " + top
                + ", slowest acknowledged " + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms";
    }

    int acknowledgedThrough(int node) {
        AtomicInteger n = acknowledgedBy.get(node);
        return n == null ? 0 : n.get();
    }

    List<Attempt> attempts() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        running = false;
        try {
            for (Thread w : workers) {
                w.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
