package io.botgrid.client.internal;

import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.GetPartitionMapRequest;
import io.botgrid.proto.v1.PartitionMap;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The client's copy of the cluster's partition map, so that each actor call goes straight to its owner's node
 * instead of through a node that forwards it (one network hop and two nodes' CPU saved per call).
 *
 * <p>Why a guess is enough: a call that reaches a node which is not (or no longer) the owner is still answered, the
 * node forwarding it, and the answer says {@code forwarded}; that, a node that does not answer, and a periodic timer
 * all make the client read the map again ({@link #stale}). Reads are spaced at least {@value #MIN_GAP_MILLIS} ms
 * apart and never more than one waits, so a burst of hints costs one read. Before the first map arrives, and
 * against a cluster without the method, calls go through the configured endpoints as before. Thread-safe.
 */
public final class OwnerRouting implements AutoCloseable {
    /** Least time between two reads of the map. */
    static final long MIN_GAP_MILLIS = 250;
    /** Deadline of one read of the map. */
    private static final Duration READ_DEADLINE = Duration.ofSeconds(5);

    /** One map: each partition's owner channel (null when not known). */
    private record Table(long version, Channel[] owners) {
    }

    private final Endpoints endpoints;
    private final Unary unary;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile Table table;
    private volatile boolean unsupported;
    private volatile long lastReadNanos;
    private final AtomicLong reads = new AtomicLong();
    private volatile ScheduledFuture<?> periodic;

    public OwnerRouting(Endpoints endpoints, Unary unary, ScheduledExecutorService scheduler, LongSupplier nanoTime) {
        this.endpoints = endpoints;
        this.unary = unary;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.lastReadNanos = nanoTime.getAsLong() - TimeUnit.MILLISECONDS.toNanos(MIN_GAP_MILLIS);
    }

    /** Reads the map now and then every {@code every}. */
    public void start(Duration every) {
        stale();
        periodic = scheduler.scheduleWithFixedDelay(this::stale, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The channel of the owner of {@code type}/{@code key} by the last map read; null when not known. */
    public Channel ownerOf(String type, String key) {
        Table t = table;
        if (t == null) {
            return null;
        }
        return t.owners[Partitions.of(type, key, t.owners.length)];
    }

    /** Maps read so far (for tests and diagnostics). */
    public long reads() {
        return reads.get();
    }

    /** Asks for a new read of the map: soon, once, however many ask. */
    public void stale() {
        if (unsupported || !pending.compareAndSet(false, true)) {
            return;
        }
        long wait = lastReadNanos + TimeUnit.MILLISECONDS.toNanos(MIN_GAP_MILLIS) - nanoTime.getAsLong();
        try {
            if (wait <= 0) {
                scheduler.execute(this::read);
            } else {
                scheduler.schedule(this::read, wait, TimeUnit.NANOSECONDS);
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.set(false); // the client is closing
        }
    }

    private void read() {
        pending.set(false);
        lastReadNanos = nanoTime.getAsLong();
        unary.call(ClusterServiceGrpc.getGetPartitionMapMethod(), GetPartitionMapRequest.getDefaultInstance(),
                Deadline.after(READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).whenComplete((map, error) -> {
                    if (error != null) {
                        Status.Code code = Errors.statusOf(error.getCause() != null ? error.getCause() : error)
                                .getCode();
                        if (code == Status.Code.UNIMPLEMENTED) {
                            unsupported = true; // an older cluster: calls keep going through the endpoints
                        }
                        return; // the old map (or none) stays; the next hint or tick reads again
                    }
                    apply(map);
                });
    }

    private void apply(PartitionMap map) {
        Table current = table;
        if (current != null && map.getTopologyVersion() < current.version()) {
            return; // an answer from a node that had not seen the latest topology yet
        }
        if (map.getPartitionCount() < 1 || map.getOwnersCount() != map.getPartitionCount()) {
            return;
        }
        List<String> targets = map.getEndpointsList();
        Channel[] byEndpoint = new Channel[targets.size()];
        for (int i = 0; i < byEndpoint.length; i++) {
            byEndpoint[i] = endpoints.channelFor(targets.get(i));
        }
        Channel[] owners = new Channel[map.getPartitionCount()];
        for (int p = 0; p < owners.length; p++) {
            int index = map.getOwners(p);
            owners[p] = index >= 0 && index < byEndpoint.length ? byEndpoint[index] : null;
        }
        table = new Table(map.getTopologyVersion(), owners);
        reads.incrementAndGet();
    }

    @Override
    public void close() {
        ScheduledFuture<?> p = periodic;
        if (p != null) {
            p.cancel(false);
        }
    }
}
