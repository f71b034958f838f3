package io.botgrid.workers.cluster;

import io.botgrid.workers.WorkerSpec;
import java.time.Instant;
import java.util.Objects;

/**
 * A spec as the durable store holds it.
 *
 * @param spec the spec
 * @param version increases with every change of this id (declare, change, removal)
 * @param source {@code config} (a node's YAML) or {@code api} (gRPC, SDK, CLI)
 * @param updatedAt when it was last written
 */
public record SpecRecord(WorkerSpec spec, long version, String source, Instant updatedAt) {
    /** Declared in a node's YAML. */
    public static final String CONFIG = "config";
    /** Declared at run time. */
    public static final String API = "api";

    public SpecRecord {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
