package io.botgrid.grpc.internal;

import io.botgrid.bots.platform.BotsApi;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/**
 * The node's {@link BotsApi}, looked up per call: the front starts before the node joins its cluster and before the
 * bot platform exists, so a call that arrives that early is told to come back (UNAVAILABLE) rather than failing
 * with an internal error.
 */
final class PlatformLookup {
    private final String nodeName;
    private final Supplier<BotsApi> lookup;

    PlatformLookup(String nodeName, Supplier<BotsApi> lookup) {
        this.nodeName = nodeName;
        this.lookup = lookup;
    }

    /**
     * @throws StatusRuntimeException UNAVAILABLE while the node's bot platform is not started
     */
    BotsApi api() {
        try {
            return lookup.get();
        } catch (IllegalStateException e) {
            throw unavailable();
        }
    }

    private StatusRuntimeException unavailable() {
        return Status.UNAVAILABLE.withDescription("the bot platform of node " + nodeName + " is not started yet; "
                + "retry, or call another node").asRuntimeException();
    }
}
