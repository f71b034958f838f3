package io.botgrid.client;

import java.time.Instant;

/**
 * Which audit entries to read, newest first, one page at a time. Every filter is optional (null or {@code ""}: any).
 *
 * @param since only entries at or after this instant
 * @param until only entries before this instant (must be after {@code since})
 * @param actor only this actor, exactly as recorded ({@code api-key:ops}, {@code jwt:alice}, {@code unauthenticated})
 * @param action only this action: {@code BotService/CreateBot} or {@code CreateBot}
 * @param target only this target (bot id, node id, spec id, region)
 * @param pageSize 1..1000, or 0 for the server's default (100)
 * @param pageToken the {@link Page#nextPageToken()} of the previous page, {@code ""} for the newest entries
 */
public record AuditQuery(Instant since, Instant until, String actor, String action, String target, int pageSize,
                         String pageToken) {
    public AuditQuery {
        if (pageSize < 0 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize must be 0..1000, got " + pageSize);
        }
        if (since != null && until != null && !until.isAfter(since)) {
            throw new IllegalArgumentException("until (" + until + ") must be after since (" + since + ")");
        }
        actor = actor == null ? "" : actor;
        action = action == null ? "" : action;
        target = target == null ? "" : target;
        pageToken = pageToken == null ? "" : pageToken;
    }

    /** The newest entries, unfiltered, a page of the server's default size. */
    public static AuditQuery newest() {
        return new AuditQuery(null, null, "", "", "", 0, "");
    }

    public AuditQuery withSince(Instant value) {
        return new AuditQuery(value, until, actor, action, target, pageSize, pageToken);
    }

    public AuditQuery withUntil(Instant value) {
        return new AuditQuery(since, value, actor, action, target, pageSize, pageToken);
    }

    public AuditQuery withActor(String value) {
        return new AuditQuery(since, until, value, action, target, pageSize, pageToken);
    }

    public AuditQuery withAction(String value) {
        return new AuditQuery(since, until, actor, value, target, pageSize, pageToken);
    }

    public AuditQuery withTarget(String value) {
        return new AuditQuery(since, until, actor, action, value, pageSize, pageToken);
    }

    public AuditQuery withPageSize(int value) {
        return new AuditQuery(since, until, actor, action, target, value, pageToken);
    }

    public AuditQuery withPageToken(String value) {
        return new AuditQuery(since, until, actor, action, target, pageSize, value);
    }

    /** The query of the page after {@code page} (older entries). */
    public AuditQuery next(Page<?> page) {
        return withPageToken(page.nextPageToken());
    }
}
