package io.botgrid.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class IdempotencyCacheTest {

    @Test
    void remembersWithinWindowAndForgetsOldestBeyondTheLimit() {
        IdempotencyCache cache = new IdempotencyCache(2, 1_000);
        cache.put("a", ByteString.copyFromUtf8("A"), 0, 0);
        cache.put("b", ByteString.copyFromUtf8("B"), 10, 10);
        assertThat(cache.get("a", 20).toStringUtf8()).isEqualTo("A");
        cache.put("c", ByteString.copyFromUtf8("C"), 20, 20);
        assertThat(cache.get("a", 20)).as("oldest forgotten past the limit").isNull();
        assertThat(cache.get("b", 20).toStringUtf8()).isEqualTo("B");
        assertThat(cache.get("c", 1_021)).as("expired after the window").isNull();
        assertThat(cache.toProto()).extracting(e -> e.getKey()).containsExactly("b", "c");
    }

    @Test
    void entriesOlderThanTheWindowAreNotRecovered() {
        IdempotencyCache cache = new IdempotencyCache(10, 1_000);
        cache.put("old", ByteString.EMPTY, 0, 5_000);
        assertThat(cache.get("old", 5_000)).isNull();
        assertThat(cache.toProto()).isEmpty();
    }

    @Test
    void aCacheThatNeverSawAKeyAnswersNothingAndSnapshotsNothing() {
        IdempotencyCache cache = new IdempotencyCache(10, 1_000);
        assertThat(cache.get("any", 0)).isNull();
        assertThat(cache.toProto()).isEmpty();
        cache.put("k", ByteString.copyFromUtf8("K"), 0, 0);
        assertThat(cache.get("k", 1).toStringUtf8()).isEqualTo("K");
    }
}
