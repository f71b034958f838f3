package io.botgrid.audit;

import java.util.List;

/**
 * A page of the audit log.
 *
 * @param entries newest first
 * @param nextPageToken the token of the next (older) page; empty on the last page
 */
public record AuditPage(List<AuditEntry> entries, String nextPageToken) {
    public AuditPage {
        entries = List.copyOf(entries);
        nextPageToken = nextPageToken == null ? "" : nextPageToken;
    }
}
