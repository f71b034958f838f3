package io.botgrid.grpc.internal;

import com.google.protobuf.Timestamp;
import io.botgrid.audit.AuditEntry;
import io.botgrid.audit.AuditPage;
import io.botgrid.audit.AuditQuery;
import io.botgrid.proto.v1.ListAuditEntriesRequest;
import io.botgrid.proto.v1.ListAuditEntriesResponse;
import java.time.Instant;

/** {@code ListAuditEntries} requests to {@link AuditQuery}, with the checks that make a bad filter precise. */
final class AuditRequests {
    private AuditRequests() {
    }

    /**
     * The query a request asks for.
     *
     * @throws IllegalArgumentException naming the field: a bad timestamp, until not after since, an unknown action, a
     *     page size outside 0-1000
     */
    static AuditQuery query(ListAuditEntriesRequest r) {
        Instant since = r.hasSince() ? instant(r.getSince(), "since") : null;
        Instant until = r.hasUntil() ? instant(r.getUntil(), "until") : null;
        String action = AuditedMethods.resolve(r.getAction()).orElse("");
        int size = r.getPageSize();
        if (size < 0 || size > AuditQuery.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page_size must be 0-" + AuditQuery.MAX_PAGE_SIZE + " (0: "
                    + AuditQuery.DEFAULT_PAGE_SIZE + "), got " + size);
        }
        return new AuditQuery(since, until, r.getActor().trim(), action, r.getTarget().trim(),
                size == 0 ? AuditQuery.DEFAULT_PAGE_SIZE : size, r.getPageToken().trim());
    }

    private static Instant instant(Timestamp t, String field) {
        if (t.getNanos() < 0 || t.getNanos() > 999_999_999 || t.getSeconds() < 0
                || t.getSeconds() > 253_402_300_799L) { // 9999-12-31T23:59:59Z, as protobuf's Timestamp allows
            throw new IllegalArgumentException(field + " must be a timestamp between 1970-01-01 and 9999-12-31, "
                    + "got seconds " + t.getSeconds() + ", nanos " + t.getNanos());
        }
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static ListAuditEntriesResponse response(AuditPage page) {
        ListAuditEntriesResponse.Builder b = ListAuditEntriesResponse.newBuilder()
                .setNextPageToken(page.nextPageToken());
        for (AuditEntry e : page.entries()) {
            b.addEntries(e.toProto());
        }
        return b.build();
    }
}
