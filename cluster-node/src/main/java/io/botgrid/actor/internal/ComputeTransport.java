package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.CallErrorCode;
import io.botgrid.proto.v1.CallRequest;
import io.botgrid.proto.v1.CallResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Calls as Ignite compute jobs sent with {@code affinityCall}: Ignite routes each job to the partition's primary
 * and keeps the partition from moving while the job runs. One job per call, and the job holds a thread of Ignite's
 * public pool until the actor replies. Kept as the measured alternative to {@link MessagingTransport}.
 */
final class ComputeTransport implements RemoteTransport {
    /**
     * Key of this node's receiver in Ignite's node-local map: a job arriving on a node finds that node's runtime
     * there, through its own Ignite instance, instead of through a JVM-wide static registry.
     */
    static final String RECEIVER_KEY = "botgrid.actor.receiver";

    private final Ignite ignite;
    private final Executor executor;
    private Router router;
    private Receiver receiver;

    ComputeTransport(Ignite ignite, Executor executor) {
        this.ignite = ignite;
        this.executor = executor;
    }

    @Override
    public void start(Receiver receiver, Router router) {
        this.router = router;
        this.receiver = receiver;
        ignite.cluster().<String, Receiver>nodeLocalMap().put(RECEIVER_KEY, receiver);
    }

    @Override
    public void send(ClusterNode owner, Call call, CallRequest request) {
        try {
            ignite.compute().withNoFailover()
                    .affinityCallAsync(List.of(Stores.JOURNAL), call.actorKey, new CallJob(request.toByteArray()))
                    .listen(f -> executor.execute(() -> {
                        byte[] bytes;
                        try {
                            bytes = f.get();
                        } catch (RuntimeException e) {
                            router.retryLater(call);
                            return;
                        }
                        try {
                            router.onResponse(call, CallResponse.parseFrom(bytes));
                        } catch (InvalidProtocolBufferException e) {
                            router.retryLater(call);
                        }
                    }));
        } catch (RuntimeException e) {
            router.retryLater(call);
        }
    }

    @Override
    public void nodeLeft(UUID nodeId) {
        // Ignite fails the jobs of a node that left; the listener above retries them.
    }

    @Override
    public void close() {
        if (receiver != null) {
            ignite.cluster().<String, Receiver>nodeLocalMap().remove(RECEIVER_KEY, receiver);
        }
    }

    /** The job: delivers the call on the owner and waits for the actor's reply. */
    static final class CallJob implements IgniteCallable<byte[]> {
        private static final long serialVersionUID = 1L;

        private final byte[] request;

        @IgniteInstanceResource
        private transient Ignite ignite;

        CallJob(byte[] request) {
            this.request = request;
        }

        @Override
        public byte[] call() throws Exception {
            CallRequest req = CallRequest.parseFrom(request);
            Receiver receiver = ignite.cluster().<String, Receiver>nodeLocalMap().get(RECEIVER_KEY);
            if (receiver == null) {
                return OwnerEndpoint.error(req.getCallId(), CallErrorCode.NODE_UNAVAILABLE, "node is not running")
                        .toByteArray();
            }
            CompletableFuture<CallResponse> response = new CompletableFuture<>();
            receiver.receive(req, response::complete);
            try {
                return response.get(req.getTimeoutMillis() + 1_000, TimeUnit.MILLISECONDS).toByteArray();
            } catch (TimeoutException | ExecutionException e) {
                return OwnerEndpoint.error(req.getCallId(), CallErrorCode.DEADLINE_EXCEEDED,
                        "no reply within the call's deadline").toByteArray();
            }
        }
    }
}
