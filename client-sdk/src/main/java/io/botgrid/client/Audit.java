package io.botgrid.client;

import java.util.concurrent.CompletableFuture;

/**
 * The cluster's audit log: who changed what (bots, channels, drains, worker specs, region roles) and which calls were
 * refused for their token or role. Admin role only; other roles get {@link ErrorCode#PERMISSION_DENIED}. A bad
 * filter (an unknown action, a page token this API did not return) fails with {@link ErrorCode#INVALID_ARGUMENT}.
 */
public interface Audit {
    /** One page of entries, newest first. */
    CompletableFuture<Page<AuditEntry>> list(AuditQuery query);

    default Page<AuditEntry> listBlocking(AuditQuery query) {
        return Blocking.join(list(query));
    }
}
