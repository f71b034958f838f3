package io.botgrid.workers.internal;

import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Small worker functions for chain tests. */
final class TestFunctions {
    private TestFunctions() {
    }

    /** A factory of this name making functions from their settings. */
    static WorkerFunctionFactory named(String name, Function<Map<String, String>, WorkerFunction> make) {
        return new WorkerFunctionFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public WorkerFunction create(Map<String, String> settings) {
                return make.apply(settings);
            }
        };
    }

    /**
     * {@code tag}: appends {@code |<settings.tag>} to the text, finishing on another thread after a random pause of
     * up to 200 µs so that instances of a stage really overlap; crashes on a text containing {@code boom}.
     */
    static WorkerFunctionFactory tag() {
        return named("tag", s -> new WorkerFunction() {
            @Override
            public CompletionStage<List<WorkerMessage>> handleAsync(WorkerMessage input) {
                if (input.text().contains("boom") && "true".equals(s.get("crashOnBoom"))) {
                    return CompletableFuture.failedFuture(new IllegalStateException("boom in " + s.get("tag")));
                }
                long pauseMicros = ThreadLocalRandom.current().nextLong(200);
                return CompletableFuture.supplyAsync(() -> List.of(input.withText(input.text() + "|" + s.get("tag"))),
                        CompletableFuture.delayedExecutor(pauseMicros, TimeUnit.MICROSECONDS));
            }
        });
    }

    /** {@code collect}: records every text it receives, in arrival order, and emits it. */
    static WorkerFunctionFactory collect(ConcurrentLinkedQueue<String> into) {
        return named("collect", s -> new WorkerFunction() {
            @Override
            public List<WorkerMessage> handle(WorkerMessage input) {
                into.add(input.text());
                return List.of(input);
            }
        });
    }

    /** {@code gate}: each item waits until the test completes the future it parked in {@code gates}. */
    static WorkerFunctionFactory gate(ConcurrentLinkedQueue<CompletableFuture<Void>> gates) {
        return named("gate", s -> new WorkerFunction() {
            @Override
            public CompletionStage<List<WorkerMessage>> handleAsync(WorkerMessage input) {
                CompletableFuture<Void> g = new CompletableFuture<>();
                gates.add(g);
                return g.thenApply(v -> List.of(input));
            }
        });
    }

    /** {@code split}: emits each comma-separated part of the text as its own message (zero parts: filtered). */
    static WorkerFunctionFactory split() {
        return named("split", s -> new WorkerFunction() {
            @Override
            public List<WorkerMessage> handle(WorkerMessage input) {
                if (input.text().isEmpty()) {
                    return List.of();
                }
                return java.util.Arrays.stream(input.text().split(",")).map(input::withText).toList();
            }
        });
    }
}
