package io.botgrid.audit;

import java.time.Clock;

/**
 * The audit log as the gRPC front sees it: it records what callers did and reads it back. Implementations are
 * thread-safe.
 */
public interface AuditLog {
    /**
     * Records an entry, without waiting for it to be stored: the caller is the end of a gRPC call and must not wait
     * on storage. An entry that cannot be stored (the cluster is not active, the write queue is full) is counted and
     * logged, never thrown.
     */
    void record(AuditEntry entry);

    /**
     * Reads one page, newest first.
     *
     * @throws IllegalArgumentException if the page token was not made by this log
     * @throws IllegalStateException if the log cannot be read now (the cluster is not active)
     */
    AuditPage list(AuditQuery query);

    /**
     * The clock entries are dated with ({@link AuditEntry#at()}) and the retention is measured with: one clock for
     * both, so an entry is kept for its retention whatever the clock is (the node's injects a test's clock here).
     */
    Clock clock();
}
