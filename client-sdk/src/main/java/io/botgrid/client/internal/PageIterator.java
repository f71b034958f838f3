package io.botgrid.client.internal;

import io.botgrid.client.BotgridException;
import io.botgrid.client.Page;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Walks a paged listing lazily: reads a page only when the items of the previous one are used up, so a caller can
 * stop early without reading the rest.
 *
 * @param <Q> the query of one page
 */
public final class PageIterator<Q, T> implements Iterator<T> {
    private final Function<Q, Page<T>> read;
    private final BiFunction<Q, Page<T>, Q> nextQuery;
    private Q query;
    private Iterator<T> items;
    private boolean last;

    public PageIterator(Q first, Function<Q, Page<T>> read, BiFunction<Q, Page<T>, Q> nextQuery) {
        this.query = first;
        this.read = read;
        this.nextQuery = nextQuery;
    }

    @Override
    public boolean hasNext() {
        while ((items == null || !items.hasNext()) && !last) {
            Page<T> page;
            try {
                page = read.apply(query);
            } catch (CompletionException e) {
                throw e.getCause() instanceof BotgridException b ? b : e;
            }
            items = page.items().iterator();
            if (page.hasNext()) {
                query = nextQuery.apply(query, page);
            } else {
                last = true;
            }
        }
        return items != null && items.hasNext();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return items.next();
    }
}
