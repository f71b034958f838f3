package io.botgrid.workers.internal;

import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkersConfig;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An engine on real threads with a manual scheduler, recording its events; closed by the test. */
final class EngineFixture implements AutoCloseable {
    final ManualScheduler scheduler = new ManualScheduler();
    final ConcurrentLinkedQueue<WorkerEvent> events = new ConcurrentLinkedQueue<>();
    final LocalSupervisor engine;

    EngineFixture(WorkersConfig config, WorkerFunctionFactory... extra) {
        engine = WorkerEngine.create(config, scheduler, Clock.systemUTC(), List.of(extra));
        engine.subscribe(events::add);
    }

    EngineFixture(WorkerFunctionFactory... extra) {
        this(WorkersConfig.defaults("n1").withThreads(4), extra);
    }

    /** Awaitility bounded at 10 s, polling every 5 ms from the start: state changes here take microseconds. */
    static org.awaitility.core.ConditionFactory waiting() {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(5));
    }

    <T extends WorkerEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        engine.close();
    }
}
