package io.botgrid.bench;

import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import java.util.concurrent.TimeoutException;

/**
 * W0 routing: type {@value BenchTypes#ECHO} replies with the command at once and persists nothing, so the figures
 * are the cost of routing a call to its actor (half the keys live on node 2, across the transport) and back.
 */
final class RoutingWorkload implements ClusterWorkload {
    @Override
    public String name() {
        return "w0";
    }

    @Override
    public ClosedLoop.Result run(BenchContext context, BenchCluster cluster, ClosedLoop loop, String figureName)
            throws TimeoutException {
        Message[] commands = new Message[1024];
        for (int i = 0; i < commands.length; i++) {
            commands[i] = Int64Value.of(i);
        }
        return LocalActorLoad.run(context, cluster, loop, figureName, BenchTypes.ECHO, Int64Value.of(0), commands);
    }
}
