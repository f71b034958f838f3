package io.botgrid.workers;

import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * What the engine reports its chains' work to: the OpenTelemetry it records one span per stage handling with (the
 * node hands in one whose span processors include the autoscaler's latency aggregation), and the observer that
 * feeds the node's metrics.
 */
public record WorkersTelemetry(OpenTelemetry openTelemetry, StageObserver stages) {
    /** No spans, no metrics (tests and embedders that do not care). */
    public static final WorkersTelemetry NONE = new WorkersTelemetry(OpenTelemetry.noop(), StageObserver.NONE);

    public WorkersTelemetry {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        Objects.requireNonNull(stages, "stages");
    }
}
