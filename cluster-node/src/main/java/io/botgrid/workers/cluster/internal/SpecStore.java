package io.botgrid.workers.cluster.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.StoredSpec;
import io.botgrid.workers.WorkerErrorCode;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.cluster.SpecRecord;
import io.botgrid.workers.cluster.WorkerCallException;
import io.botgrid.workers.cluster.WorkerSpecCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

/**
 * The durable specs, one {@link StoredSpec} per id, changed only by compare-and-set so that concurrent writers never
 * lose an update. How YAML declarations and run-time changes interact:
 * <ul>
 *   <li>a run-time declare always wins and bumps the version (declaring the stored spec again changes nothing);
 *   <li>a run-time removal leaves a tombstone with a higher version, so the spec stays removed;
 *   <li>a YAML declaration only fills an empty slot or changes a spec that came from YAML too: it never overrides
 *       a run-time change or a tombstone. Every node declaring the same YAML spec is therefore idempotent.
 * </ul>
 */
final class SpecStore {
    private final Ignite ignite;
    private final Clock clock;

    SpecStore(Ignite ignite, Clock clock) {
        this.ignite = ignite;
        this.clock = clock;
    }

    /** A run-time declaration. */
    SpecRecord declare(WorkerSpec spec) {
        io.botgrid.proto.v1.WorkerSpec proto = WorkerSpecCodec.toProto(spec);
        IgniteCache<String, byte[]> cache = cache();
        while (true) {
            byte[] old = cache.get(spec.id());
            StoredSpec current = old == null ? null : parse(spec.id(), old);
            if (current != null && !current.getRemoved() && current.getSpec().equals(proto)) {
                return record(current);
            }
            StoredSpec next = StoredSpec.newBuilder().setVersion(current == null ? 1 : current.getVersion() + 1)
                    .setSpec(proto).setSource(SpecRecord.API).setUpdatedAtMillis(clock.millis()).build();
            if (write(cache, spec.id(), old, next)) {
                return record(next);
            }
        }
    }

    /** A declaration from a node's YAML; returns whether it changed anything. */
    boolean declareFromConfig(WorkerSpec spec) {
        io.botgrid.proto.v1.WorkerSpec proto = WorkerSpecCodec.toProto(spec);
        IgniteCache<String, byte[]> cache = cache();
        while (true) {
            byte[] old = cache.get(spec.id());
            StoredSpec current = old == null ? null : parse(spec.id(), old);
            if (current != null && (current.getRemoved() || !current.getSource().equals(SpecRecord.CONFIG)
                    || current.getSpec().equals(proto))) {
                return false;
            }
            StoredSpec next = StoredSpec.newBuilder().setVersion(current == null ? 1 : current.getVersion() + 1)
                    .setSpec(proto).setSource(SpecRecord.CONFIG).setUpdatedAtMillis(clock.millis()).build();
            if (write(cache, spec.id(), old, next)) {
                return true;
            }
        }
    }

    /** A run-time removal: leaves a tombstone. */
    long remove(String id) {
        IgniteCache<String, byte[]> cache = cache();
        while (true) {
            byte[] old = cache.get(id);
            StoredSpec current = old == null ? null : parse(id, old);
            if (current == null || current.getRemoved()) {
                throw new WorkerCallException(WorkerErrorCode.NOT_FOUND, "no worker spec '" + id + "' is declared");
            }
            StoredSpec next = StoredSpec.newBuilder().setVersion(current.getVersion() + 1).setRemoved(true)
                    .setSource(SpecRecord.API).setUpdatedAtMillis(clock.millis()).build();
            if (write(cache, id, old, next)) {
                return next.getVersion();
            }
        }
    }

    Optional<SpecRecord> get(String id) {
        byte[] bytes = cache().get(id);
        if (bytes == null) {
            return Optional.empty();
        }
        StoredSpec s = parse(id, bytes);
        return s.getRemoved() ? Optional.empty() : Optional.of(record(s));
    }

    /** The live (not removed) specs, sorted by id. */
    List<SpecRecord> all() {
        List<SpecRecord> out = new ArrayList<>();
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor = cache().query(new ScanQuery<String, byte[]>())) {
            for (Cache.Entry<String, byte[]> e : cursor) {
                StoredSpec s = parse(e.getKey(), e.getValue());
                if (!s.getRemoved()) {
                    out.add(record(s));
                }
            }
        }
        out.sort(Comparator.comparing(r -> r.spec().id()));
        return out;
    }

    private static boolean write(IgniteCache<String, byte[]> cache, String id, byte[] old, StoredSpec next) {
        return old == null ? cache.putIfAbsent(id, next.toByteArray()) : cache.replace(id, old, next.toByteArray());
    }

    private static SpecRecord record(StoredSpec s) {
        return new SpecRecord(WorkerSpecCodec.fromProto(s.getSpec()), s.getVersion(), s.getSource(),
                Instant.ofEpochMilli(s.getUpdatedAtMillis()));
    }

    private static StoredSpec parse(String id, byte[] bytes) {
        try {
            return StoredSpec.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored worker spec '" + id + "' does not parse: " + e.getMessage(), e);
        }
    }

    private IgniteCache<String, byte[]> cache() {
        return ignite.cache(WorkerStores.SPECS);
    }
}
