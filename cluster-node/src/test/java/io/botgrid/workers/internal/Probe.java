package io.botgrid.workers.internal;

import io.botgrid.workers.spi.TerminationReason;
import io.botgrid.workers.spi.WorkerContext;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test worker function {@code probe} that records what happens to its instances: inits, terminations with their
 * reason, and messages handled, per worker id. It echoes its input with its worker id in header {@code by}; the text
 * {@code crash} makes it throw, {@code stop} makes it ask for a normal stop.
 */
final class Probe implements WorkerFunctionFactory {
    final Map<String, AtomicInteger> inits = new ConcurrentHashMap<>();
    final Map<String, ConcurrentLinkedQueue<String>> handled = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> terminations = new ConcurrentLinkedQueue<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrentPerInstance = new AtomicInteger();
    private final String name;

    Probe(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    int inits(String workerId) {
        return inits.getOrDefault(workerId, new AtomicInteger()).get();
    }

    List<String> handled(String workerId) {
        return List.copyOf(handled.getOrDefault(workerId, new ConcurrentLinkedQueue<>()));
    }

    @Override
    public WorkerFunction create(Map<String, String> settings) {
        return new WorkerFunction() {
            private WorkerContext ctx;
            private int inFlight; // plain field: the engine never runs two calls of one instance at once

            @Override
            public void init(WorkerContext context) {
                ctx = context;
                inits.computeIfAbsent(context.workerId(), k -> new AtomicInteger()).incrementAndGet();
            }

            @Override
            public List<WorkerMessage> handle(WorkerMessage input) {
                inFlight++;
                try {
                    if (inFlight > 1) {
                        maxConcurrentPerInstance.set(inFlight);
                    }
                    handled.computeIfAbsent(ctx.workerId(), k -> new ConcurrentLinkedQueue<>()).add(input.text());
                    if (input.text().equals("crash")) {
                        throw new IllegalStateException("asked to crash");
                    }
                    if (input.text().equals("stop")) {
                        ctx.stopSelf();
                    }
                    return List.of(input.withHeader("by", ctx.workerId()));
                } finally {
                    inFlight--;
                }
            }

            @Override
            public void terminate(TerminationReason reason) {
                terminations.add(ctx.workerId() + ":" + reason.kind());
            }
        };
    }
}
