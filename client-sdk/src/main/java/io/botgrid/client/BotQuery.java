package io.botgrid.client;

/**
 * Which bots to list, one page at a time (a cluster may hold many bots; a page bounds what one call carries).
 *
 * @param state only bots in this state, or {@code null} for all but deleted ones
 * @param pageSize 1..1000, or 0 for the server's default (100)
 * @param pageToken the {@link Page#nextPageToken()} of the previous page, {@code ""} for the first
 */
public record BotQuery(BotState state, int pageSize, String pageToken) {
    public BotQuery {
        if (pageSize < 0 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize must be 0..1000, got " + pageSize);
        }
        if (state == BotState.UNKNOWN) {
            throw new IllegalArgumentException("state UNKNOWN cannot be listed; use null for all states");
        }
        pageToken = pageToken == null ? "" : pageToken;
    }

    /** The first page of every bot that is not deleted. */
    public static BotQuery all() {
        return new BotQuery(null, 0, "");
    }

    public static BotQuery inState(BotState value) {
        return new BotQuery(value, 0, "");
    }

    public BotQuery withPageSize(int value) {
        return new BotQuery(state, value, pageToken);
    }

    public BotQuery withPageToken(String value) {
        return new BotQuery(state, pageSize, value);
    }

    /** The query of the page after {@code page}. */
    public BotQuery next(Page<?> page) {
        return withPageToken(page.nextPageToken());
    }
}
