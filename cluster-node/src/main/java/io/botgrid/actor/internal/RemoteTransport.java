package io.botgrid.actor.internal;

import io.botgrid.proto.v1.CallRequest;
import io.botgrid.proto.v1.CallResponse;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Carries calls to the actor's owner on another node and brings the responses back. Two implementations are kept
 * so that both can be measured (see docs/benchmarks.md): batched Ignite messaging, and Ignite compute.
 */
interface RemoteTransport extends AutoCloseable {

    /** What the owner side does with a call that arrived: deliver it and answer through the consumer once. */
    interface Receiver {
        void receive(CallRequest request, Consumer<CallResponse> respond);
    }

    /** Starts listening; calls that arrive go to {@code receiver}, responses to {@code router}. */
    void start(Receiver receiver, Router router);

    /** Sends the call; its response (or failure) reaches the router. */
    void send(ClusterNode owner, Call call, CallRequest request);

    /** A node left the cluster: calls in flight to it are handed back to the router for a retry. */
    void nodeLeft(UUID nodeId);

    @Override
    void close();
}
