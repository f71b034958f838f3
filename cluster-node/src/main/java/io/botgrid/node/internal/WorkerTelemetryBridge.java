package io.botgrid.node.internal;

import io.botgrid.telemetry.Events;
import io.botgrid.telemetry.WorkerMetrics;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.QueueStatus;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkerEventListener;
import io.botgrid.workers.WorkerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connects the workers engine to the node's telemetry: lifecycle events become counters and sampled events
 * ({@code worker.started}, {@code worker.crashed}, {@code worker.restarting}, {@code worker.failed},
 * {@code worker.stopped}), and the chain stages' instance and backlog gauges read the engine's status at scrape time.
 * The per-item metrics come through the engine's {@code StageObserver} ({@link WorkerMetrics#handled}).
 */
public final class WorkerTelemetryBridge implements WorkerEventListener {
    private final WorkerMetrics metrics;
    private final Events events;

    private WorkerTelemetryBridge(WorkerMetrics metrics, Events events) {
        this.metrics = metrics;
        this.events = events;
    }

    /** Subscribes to {@code workers}' events and serves its stages' gauges; close the handle to unsubscribe. */
    public static AutoCloseable connect(LocalSupervisor workers, WorkerMetrics metrics, Events events) {
        metrics.stagesFrom(() -> stages(workers));
        return workers.subscribe(new WorkerTelemetryBridge(metrics, events));
    }

    private static List<WorkerMetrics.StageGauge> stages(LocalSupervisor workers) {
        List<WorkerMetrics.StageGauge> out = new ArrayList<>();
        for (WorkerStatus s : workers.status()) {
            if (s.spec() instanceof ChainSpec chain) {
                for (QueueStatus q : s.queues()) {
                    Optional<ChainSpec.Stage> stage = chain.stages().stream()
                            .filter(st -> st.name().equals(q.name())).findFirst();
                    out.add(new WorkerMetrics.StageGauge(s.id(), q.name(), q.instances(), q.depth(),
                            stage.map(ChainSpec.Stage::maxInstances).orElse(q.instances()),
                            stage.map(st -> st.autoscale().isPresent()).orElse(false)));
                }
            }
        }
        return out;
    }

    @Override
    public void onEvent(WorkerEvent e) {
        String spec = e.specId();
        if (e instanceof WorkerEvent.Started s) {
            metrics.started(spec);
            events.emit("worker.started", Map.of("restarts", (double) s.restarts()),
                    Map.of("spec", spec, "node", s.node()));
        } else if (e instanceof WorkerEvent.Crashed c) {
            metrics.crashed(spec);
            events.emit("worker.crashed", Map.of("spec", spec, "node", c.node(), "worker", c.workerId(),
                    "reason", c.reason()));
        } else if (e instanceof WorkerEvent.Restarting r) {
            metrics.restarting(spec);
            events.emit("worker.restarting", Map.of("restarts", (double) r.restarts(), "backoff_ms",
                    (double) r.backoffMillis()), Map.of("spec", spec, "node", r.node()));
        } else if (e instanceof WorkerEvent.Failed f) {
            metrics.failed(spec);
            events.emit("worker.failed", Map.of("spec", spec, "node", f.node(), "reason", f.reason()));
        } else if (e instanceof WorkerEvent.Stopped s) {
            events.emit("worker.stopped", Map.of("spec", spec, "node", s.node(), "reason", s.reason()));
        }
    }
}
