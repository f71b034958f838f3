package io.botgrid.telemetry;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node's liveness and readiness conditions, as two lists of named checks that components append to.
 *
 * <p>Liveness says the process works (an orchestrator restarts it otherwise): keep it to conditions a restart
 * fixes. Readiness says the node should get traffic. Thread-safe; checks are added at wiring time and evaluated
 * on every probe.
 */
public final class HealthChecks {
    private final List<HealthCheck> live = new CopyOnWriteArrayList<>();
    private final List<HealthCheck> ready = new CopyOnWriteArrayList<>();

    /** Adds a liveness condition. */
    public HealthChecks addLive(HealthCheck check) {
        live.add(Objects.requireNonNull(check, "check"));
        return this;
    }

    /** Adds a readiness condition (a node that is not live is not ready either: liveness checks are included). */
    public HealthChecks addReady(HealthCheck check) {
        ready.add(Objects.requireNonNull(check, "check"));
        return this;
    }

    public HealthReport live() {
        return HealthReport.of(live);
    }

    public HealthReport ready() {
        List<HealthCheck> all = new java.util.ArrayList<>(live);
        all.addAll(ready);
        return HealthReport.of(all);
    }
}
