package io.botgrid.client;

/**
 * Which page of a listing to read (sessions, history).
 *
 * @param size items per page, 1..1000, or 0 for the server's default
 * @param token the previous page's {@link Page#nextPageToken()}, {@code ""} for the first page
 */
public record PageRequest(int size, String token) {
    /** The first page, of the server's default size. */
    public static final PageRequest FIRST = new PageRequest(0, "");

    public PageRequest {
        if (size < 0 || size > 1000) {
            throw new IllegalArgumentException("page size must be 0..1000, got " + size);
        }
        token = token == null ? "" : token;
    }

    public static PageRequest first(int size) {
        return new PageRequest(size, "");
    }

    /** The request of the page after {@code page}, of the same size. */
    public PageRequest next(Page<?> page) {
        return new PageRequest(size, page.nextPageToken());
    }
}
