package io.botgrid.audit;

import java.time.Instant;

/**
 * Which entries to read, newest first. Every filter is optional (null or empty: any); filters that are set must all
 * match.
 *
 * @param since only entries at or after this instant
 * @param until only entries before this instant; must be after {@code since}
 * @param actor only this actor, exactly
 * @param action only this action ({@code <Service>/<Method>}), exactly
 * @param target only this target, exactly
 * @param pageSize entries per page, 1-{@value #MAX_PAGE_SIZE}
 * @param pageToken the previous page's {@link AuditPage#nextPageToken()}; empty for the newest entries
 */
public record AuditQuery(Instant since, Instant until, String actor, String action, String target, int pageSize,
                         String pageToken) {
    /** Largest page. */
    public static final int MAX_PAGE_SIZE = 1_000;
    /** The page size of a request that sets none. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    /**
     * Checks the bounds and the page size.
     *
     * @throws IllegalArgumentException naming the filter and the value refused
     */
    public AuditQuery {
        if (since != null && until != null && !until.isAfter(since)) {
            throw new IllegalArgumentException("until (" + until + ") must be after since (" + since + ")");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1-" + MAX_PAGE_SIZE + ", got " + pageSize);
        }
        actor = actor == null ? "" : actor;
        action = action == null ? "" : action;
        target = target == null ? "" : target;
        pageToken = pageToken == null ? "" : pageToken;
    }

    /** The newest {@value #DEFAULT_PAGE_SIZE} entries, unfiltered. */
    public static AuditQuery newest() {
        return new AuditQuery(null, null, "", "", "", DEFAULT_PAGE_SIZE, "");
    }
}
