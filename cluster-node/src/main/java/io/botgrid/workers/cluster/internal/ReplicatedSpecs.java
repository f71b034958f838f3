package io.botgrid.workers.cluster.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.StoredSpec;
import io.botgrid.workers.cluster.SpecReplica;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

/**
 * {@link SpecReplica} on this cluster's caches. Shipped specs go to {@link WorkerStores#REPLICATED_SPECS}, not to the
 * specs the {@link Reconciler} places: a standby must not run its home region's workers. Every write is a
 * compare-and-set that keeps the higher version, like the {@link SpecStore}'s own.
 */
final class ReplicatedSpecs implements SpecReplica {
    private final Ignite ignite;
    private final Runnable placeNow;

    ReplicatedSpecs(Ignite ignite, Runnable placeNow) {
        this.ignite = ignite;
        this.placeNow = placeNow;
    }

    @Override
    public Applied apply(List<Spec> specs) {
        Map<String, StoredSpec> parsed = new LinkedHashMap<>();
        for (Spec s : specs) {
            if (s.id().isEmpty()) {
                throw new IllegalArgumentException("replicated worker spec has an empty id");
            }
            try {
                parsed.put(s.id(), StoredSpec.parseFrom(s.stored()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("replicated worker spec '" + s.id() + "' is not a stored spec: "
                        + e.getMessage(), e);
            }
        }
        IgniteCache<String, byte[]> kept = ignite.cache(WorkerStores.REPLICATED_SPECS);
        long written = 0;
        for (Map.Entry<String, StoredSpec> e : parsed.entrySet()) {
            if (writeIfNewer(kept, e.getKey(), e.getValue())) {
                written++;
            }
        }
        return new Applied(written, parsed.size() - written);
    }

    @Override
    public List<Spec> stored() {
        List<Spec> out = new ArrayList<>();
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor = ignite.<String, byte[]>cache(WorkerStores.SPECS)
                .query(new ScanQuery<String, byte[]>())) {
            for (Cache.Entry<String, byte[]> e : cursor) {
                out.add(new Spec(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    @Override
    public int adopt() {
        IgniteCache<String, byte[]> own = ignite.cache(WorkerStores.SPECS);
        int changed = 0;
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor = ignite.<String, byte[]>cache(
                WorkerStores.REPLICATED_SPECS).query(new ScanQuery<String, byte[]>())) {
            for (Cache.Entry<String, byte[]> e : cursor) {
                if (writeIfNewer(own, e.getKey(), parse(e.getKey(), e.getValue()))) {
                    changed++;
                }
            }
        }
        placeNow.run();
        return changed;
    }

    /** Writes {@code next} unless the cache holds that version or a newer one; whether it wrote. */
    private static boolean writeIfNewer(IgniteCache<String, byte[]> cache, String id, StoredSpec next) {
        byte[] bytes = next.toByteArray();
        while (true) {
            byte[] old = cache.get(id);
            if (old != null && parse(id, old).getVersion() >= next.getVersion()) {
                return false;
            }
            if (old == null ? cache.putIfAbsent(id, bytes) : cache.replace(id, old, bytes)) {
                return true;
            }
        }
    }

    private static StoredSpec parse(String id, byte[] bytes) {
        try {
            return StoredSpec.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored worker spec '" + id + "' does not parse: " + e.getMessage(), e);
        }
    }
}
