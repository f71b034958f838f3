package io.botgrid.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * The audit log's settings, from the node's {@code audit*} keys.
 *
 * @param retention how long an entry is kept; older ones are removed by a sweep that runs every
 *     {@link #sweepInterval()}
 */
public record AuditConfig(Duration retention) {
    /** Default of {@link #retention()}: 30 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    private static final Duration MIN_SWEEP = Duration.ofMillis(500);
    private static final Duration MAX_SWEEP = Duration.ofMinutes(1);

    /** Checks that the retention is positive. */
    public AuditConfig {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("auditRetention must be positive, got " + retention);
        }
    }

    /**
     * How often expired entries are looked for: a tenth of the retention, between 500 ms and 1 min, so an entry
     * outlives its retention by at most about a tenth of it (or a minute).
     */
    public Duration sweepInterval() {
        Duration tenth = retention.dividedBy(10);
        return tenth.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP : tenth.compareTo(MAX_SWEEP) > 0 ? MAX_SWEEP : tenth;
    }
}
