package io.botgrid.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.client.BotgridException;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.Page;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PageIteratorTest {
    private final Map<String, Page<Integer>> pages = Map.of(
            "", new Page<>(List.of(1, 2), "b"),
            "b", new Page<>(List.of(), "c"),
            "c", new Page<>(List.of(3), ""));

    @Test
    void walksEveryPageLazilyAndSkipsEmptyOnes() {
        List<String> read = new ArrayList<>();
        Iterator<Integer> it = new PageIterator<String, Integer>("", token -> {
            read.add(token);
            return pages.get(token);
        }, (token, page) -> page.nextPageToken());
        assertThat(it.next()).isEqualTo(1);
        assertThat(read).as("only the first page so far").containsExactly("");
        List<Integer> rest = new ArrayList<>();
        it.forEachRemaining(rest::add);
        assertThat(rest).containsExactly(2, 3);
        assertThat(read).containsExactly("", "b", "c");
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void aPageThatCannotBeReadThrowsTheSdkException() {
        BotgridException down = new BotgridException(ErrorCode.UNAVAILABLE, "no node", null);
        Iterator<Integer> it = new PageIterator<String, Integer>("",
                token -> CompletableFuture.<Page<Integer>>failedFuture(down).join(), (t, p) -> p.nextPageToken());
        assertThatThrownBy(it::hasNext).isSameAs(down);
    }
}
