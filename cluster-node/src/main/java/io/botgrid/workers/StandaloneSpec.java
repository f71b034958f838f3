package io.botgrid.workers;

import java.util.Map;
import java.util.Objects;

/**
 * One worker with its own restart policy, unaffected by other specs. Its worker id is the spec id.
 */
public record StandaloneSpec(String id, FunctionRef function, RestartPolicy restart, Placement placement)
        implements WorkerSpec {
    public StandaloneSpec {
        SpecIds.check("id", id);
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(placement, "placement");
    }

    /** A standalone worker with the default policy, placed anywhere. */
    public static StandaloneSpec of(String id, FunctionRef function) {
        return new StandaloneSpec(id, function, RestartPolicy.DEFAULT, Placement.any());
    }

    public StandaloneSpec withRestart(RestartPolicy p) {
        return new StandaloneSpec(id, function, p, placement);
    }

    @Override
    public Map<String, FunctionRef> functions() {
        return Map.of("function", function);
    }
}
