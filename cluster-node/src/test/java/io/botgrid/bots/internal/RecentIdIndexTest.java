package io.botgrid.bots.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The recent-ids index answers exactly as a search of the list would, whatever the list's history, and follows a
 * session's list (appends at the end, drops from the front) without building itself again.
 */
class RecentIdIndexTest {

    /**
     * Ids come in pairs with one hash ({@code "Aa"} and {@code "BB"} hash alike), so a hash match of an absent id is
     * exercised as often as a present one.
     */
    private static String id(int n) {
        return "m" + (n / 2) + (n % 2 == 0 ? "Aa" : "BB");
    }

    @Property(tries = 300)
    void answersAsTheListWouldThroughAnyHistory(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 80) Integer> steps,
            @ForAll @IntRange(min = 0, max = 9) int restartEvery) {
        RecentIdIndex index = new RecentIdIndex();
        List<String> ids = new ArrayList<>();
        int next = 0;
        for (int step = 0; step < steps.size(); step++) {
            if (restartEvery > 0 && step > 0 && step % restartEvery == 0) {
                // Another history (a state the index never saw grow): the index must not trust what it holds.
                ids = new ArrayList<>();
                next += 1_000;
            }
            for (int k = 0; k < steps.get(step); k++) {
                ids.add(id(next++));
            }
            while (ids.size() > SessionBehavior.MAX_RECENT_IDS) {
                ids.remove(0);
            }
            List<String> state = List.copyOf(ids); // each state is a list of its own, as protobuf's are
            for (int q = Math.max(0, next - 600); q < next + 2; q++) {
                assertThat(index.contains(state, id(q))).as("id %s after step %d", id(q), step)
                        .isEqualTo(state.contains(id(q)));
            }
        }
    }

    @Example
    void followsAGrowingListWithoutRebuildingItself() {
        RecentIdIndex index = new RecentIdIndex();
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 2_000; n++) {
            ids.add(id(n));
            while (ids.size() > SessionBehavior.MAX_RECENT_IDS) {
                ids.remove(0);
            }
            assertThat(index.contains(List.copyOf(ids), id(n + 1))).isFalse();
        }
        assertThat(index.contains(List.copyOf(ids), id(1_999))).isTrue();
        assertThat(index.contains(List.copyOf(ids), id(1_000))).isFalse(); // dropped from the front
        assertThat(index.rebuilds()).as("built once, when the list reached the size worth indexing").isEqualTo(1);
    }

    @Example
    void aListFromAnotherHistoryIsIndexedAfresh() {
        RecentIdIndex index = new RecentIdIndex();
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            first.add(id(n));
            second.add(id(n + 10_000));
        }
        assertThat(index.contains(first, id(5))).isTrue();
        assertThat(index.contains(second, id(5))).isFalse();
        assertThat(index.contains(second, id(10_005))).isTrue();
        assertThat(index.rebuilds()).isEqualTo(2);
    }
}
