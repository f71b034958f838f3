package io.botgrid.bots.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DeliveryLanesTest {
    private final List<String> started = new ArrayList<>();
    private final List<CompletableFuture<Void>> running = new ArrayList<>();
    private final DeliveryLanes lanes = new DeliveryLanes(2, Runnable::run);

    private void submit(String destination, String name) {
        lanes.submit(destination, () -> {
            started.add(name);
            CompletableFuture<Void> f = new CompletableFuture<>();
            running.add(f);
            return f;
        });
    }

    @Test
    void aDestinationHasAtMostTheLimitInFlightAndTheRestStartInArrivalOrder() {
        for (int i = 1; i <= 5; i++) {
            submit("slack", "r" + i);
        }
        assertThat(started).containsExactly("r1", "r2");
        assertThat(lanes.waiting()).isEqualTo(3);

        running.get(1).complete(null); // r2 done: r3 takes its slot
        assertThat(started).containsExactly("r1", "r2", "r3");
        running.get(0).completeExceptionally(new RuntimeException("failed request")); // a failure frees it too
        assertThat(started).containsExactly("r1", "r2", "r3", "r4");
        running.get(2).complete(null);
        assertThat(started).containsExactly("r1", "r2", "r3", "r4", "r5");
        assertThat(lanes.waiting()).isZero();
    }

    @Test
    void aBusyDestinationDoesNotHoldUpAnother() {
        submit("slow-host", "a1");
        submit("slow-host", "a2");
        submit("slow-host", "a3");
        submit("other-host", "b1");
        assertThat(started).containsExactly("a1", "a2", "b1");
    }

    @Test
    void aRequestThatThrowsGivesItsSlotBack() {
        assertThatThrownBy(() -> lanes.submit("hook", () -> {
            throw new IllegalStateException("cannot build the request");
        })).isInstanceOf(IllegalStateException.class);
        submit("hook", "c1");
        submit("hook", "c2");
        assertThat(started).containsExactly("c1", "c2");
    }

    @Test
    void aLaneThatEmptiesIsForgottenAndStartsAfresh() {
        submit("hook", "d1");
        assertThat(lanes.destinations()).isEqualTo(1);
        running.get(0).complete(null);
        assertThat(lanes.destinations()).isZero();
        submit("hook", "d2");
        submit("hook", "d3");
        assertThat(started).containsExactly("d1", "d2", "d3");
    }

    @Test
    void theLimitIsPositive() {
        assertThatThrownBy(() -> new DeliveryLanes(0, Runnable::run)).isInstanceOf(IllegalArgumentException.class);
    }
}
