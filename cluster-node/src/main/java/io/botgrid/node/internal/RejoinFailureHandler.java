package io.botgrid.node.internal;

import org.apache.ignite.Ignite;
import org.apache.ignite.failure.AbstractFailureHandler;
import org.apache.ignite.failure.FailureContext;
import org.apache.ignite.failure.FailureType;
import org.apache.ignite.failure.StopNodeOrHaltFailureHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ignite's failure handler for a node with a launcher that restarts it: a segmented node (one the others dropped,
 * typically after a freeze longer than the failure detection timeout) exits with
 * {@link RejoinWatch#REJOIN_EXIT_CODE}, so that the launcher starts it again and it rejoins with its stale data
 * replaced by the others'; any other critical failure stops the node or halts the JVM, as Ignite's own handler does.
 */
final class RejoinFailureHandler extends AbstractFailureHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RejoinFailureHandler.class);
    private final StopNodeOrHaltFailureHandler otherwise = new StopNodeOrHaltFailureHandler();

    @Override
    protected boolean handle(Ignite ignite, FailureContext failure) {
        if (failure.type() == FailureType.SEGMENTATION) {
            LOG.warn("Node {} was dropped by its cluster (segmentation): exiting with code {} to rejoin",
                    ignite.name(), RejoinWatch.REJOIN_EXIT_CODE);
            Runtime.getRuntime().halt(RejoinWatch.REJOIN_EXIT_CODE);
        }
        return otherwise.onFailure(ignite, failure);
    }
}
