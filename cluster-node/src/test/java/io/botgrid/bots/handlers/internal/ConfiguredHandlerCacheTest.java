package io.botgrid.bots.handlers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The cache is bounded and evicts the least recently used entry. */
class ConfiguredHandlerCacheTest {
    private final List<String> configured = new ArrayList<>();

    private Supplier<ConfiguredHandler> configure(String settings) {
        return () -> {
            configured.add(settings);
            return request -> CompletableFuture.completedFuture(HandlerResult.reply(settings));
        };
    }

    @Test
    void evictsTheLeastRecentlyUsed() {
        ConfiguredHandlerCache cache = new ConfiguredHandlerCache(2);
        ConfiguredHandler a = cache.get("h", "a", configure("a"));
        cache.get("h", "b", configure("b"));
        assertThat(cache.get("h", "a", configure("a"))).as("a is used again").isSameAs(a);
        cache.get("h", "c", configure("c")); // evicts b, the least recently used

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("h", "a", configure("a"))).isSameAs(a);
        cache.get("h", "b", configure("b"));
        assertThat(configured).containsExactly("a", "b", "c", "b");
    }

    @Test
    void theHandlerNameIsPartOfTheKey() {
        ConfiguredHandlerCache cache = new ConfiguredHandlerCache(10);
        assertThat(cache.get("x", "s", configure("s"))).isNotSameAs(cache.get("y", "s", configure("s")));
        assertThat(configured).hasSize(2);
    }
}
