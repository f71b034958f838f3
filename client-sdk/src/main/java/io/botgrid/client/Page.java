package io.botgrid.client;

import java.util.List;

/**
 * One page of a listing. Lists are paged so that neither the server nor the client holds a whole listing at once;
 * the token carries the position.
 *
 * @param nextPageToken pass it to get the next page; {@code ""} when this is the last
 */
public record Page<T>(List<T> items, String nextPageToken) {
    public Page {
        items = List.copyOf(items);
        nextPageToken = nextPageToken == null ? "" : nextPageToken;
    }

    public boolean hasNext() {
        return !nextPageToken.isEmpty();
    }
}
