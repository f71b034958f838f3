package io.botgrid.client.internal;

import com.google.protobuf.Timestamp;
import io.botgrid.client.Audit;
import io.botgrid.client.AuditEntry;
import io.botgrid.client.AuditQuery;
import io.botgrid.client.Page;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ListAuditEntriesRequest;
import io.grpc.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** {@link Audit} over {@code ClusterService.ListAuditEntries}. */
public final class GrpcAudit implements Audit {
    private final Unary unary;
    private final Duration timeout;
    private final Executor executor;

    public GrpcAudit(Unary unary, Duration timeout, Executor executor) {
        this.unary = unary;
        this.timeout = timeout;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Page<AuditEntry>> list(AuditQuery query) {
        ListAuditEntriesRequest.Builder r = ListAuditEntriesRequest.newBuilder()
                .setActor(query.actor())
                .setAction(query.action())
                .setTarget(query.target())
                .setPageSize(query.pageSize())
                .setPageToken(query.pageToken());
        if (query.since() != null) {
            r.setSince(timestamp(query.since()));
        }
        if (query.until() != null) {
            r.setUntil(timestamp(query.until()));
        }
        return unary.call(ClusterServiceGrpc.getListAuditEntriesMethod(), r.build(),
                        Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS))
                .thenApplyAsync(page -> new Page<>(page.getEntriesList().stream().map(GrpcAudit::entry).toList(),
                        page.getNextPageToken()), executor);
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    private static AuditEntry entry(io.botgrid.proto.v1.AuditEntry e) {
        return new AuditEntry(e.getId(), Instant.ofEpochSecond(e.getAt().getSeconds(), e.getAt().getNanos()),
                e.getActor(), e.getRole(), e.getAction(), e.getTarget(), e.getRemoteAddress(), e.getResult(),
                e.getMessage(), e.getNode());
    }
}
