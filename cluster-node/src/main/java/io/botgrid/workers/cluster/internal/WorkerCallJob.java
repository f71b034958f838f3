package io.botgrid.workers.cluster.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.WorkerCall;
import io.botgrid.proto.v1.WorkerCallResult;
import io.botgrid.proto.v1.WorkerOutput;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.WorkerErrorCode;
import io.botgrid.workers.WorkerException;
import io.botgrid.workers.spi.WorkerMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * A send, broadcast or push run on the node that holds the target, as an Ignite compute job. Request and result
 * travel as Protobuf bytes ({@link WorkerCall}, {@link WorkerCallResult}) so that no Botgrid class is Java-serialised
 * between nodes; a refusal comes back as its {@link WorkerErrorCode} and message.
 */
final class WorkerCallJob implements IgniteCallable<byte[]> {
    private static final long serialVersionUID = 1L;
    /** The longest a remote call waits for the worker before answering UNAVAILABLE. */
    static final long WAIT_SECONDS = 30;

    private final byte[] call;
    @IgniteInstanceResource
    private transient Ignite ignite;

    WorkerCallJob(byte[] call) {
        this.call = call;
    }

    @Override
    public byte[] call() {
        LocalSupervisor supervisor = ignite.cluster().<String, LocalSupervisor>nodeLocalMap()
                .get(WorkerStores.SUPERVISOR_KEY);
        if (supervisor == null) {
            return error(WorkerErrorCode.UNAVAILABLE, "node " + ignite.name() + " runs no workers now").toByteArray();
        }
        try {
            return run(supervisor, WorkerCall.parseFrom(call)).toByteArray();
        } catch (InvalidProtocolBufferException e) {
            return error(WorkerErrorCode.INVALID_ARGUMENT, "worker call does not parse: " + e.getMessage())
                    .toByteArray();
        }
    }

    /** Runs a call on this node's supervisor and waits for it (bounded). */
    static WorkerCallResult run(LocalSupervisor supervisor, WorkerCall c) {
        WorkerMessage m = new WorkerMessage(c.getPayload().toByteArray(), c.getKey().isEmpty() ? null : c.getKey(),
                c.getHeadersMap());
        try {
            return switch (c.getKind()) {
                case SEND -> outputs(wait(supervisor.send(c.getTarget(), m).toCompletableFuture()));
                case PUSH -> outputs(wait(supervisor.push(c.getTarget(),
                        c.getStage().isEmpty() ? Optional.empty() : Optional.of(c.getStage()), m)
                        .toCompletableFuture()));
                case BROADCAST -> {
                    Map<String, List<WorkerMessage>> each = wait(supervisor.broadcast(c.getTarget(), m)
                            .toCompletableFuture());
                    yield WorkerCallResult.newBuilder().setDelivered(each.size()).build();
                }
                default -> error(WorkerErrorCode.INVALID_ARGUMENT, "unknown worker call kind " + c.getKind());
            };
        } catch (WorkerException e) {
            return error(e.code(), e.getMessage());
        } catch (TimeoutException e) {
            return error(WorkerErrorCode.UNAVAILABLE, "worker '" + c.getTarget() + "' did not answer within "
                    + WAIT_SECONDS + " s");
        }
    }

    private static <T> T wait(CompletableFuture<T> f) throws TimeoutException {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : e.getCause();
            if (cause instanceof WorkerException we) {
                throw we;
            }
            throw new IllegalStateException("worker call failed: " + cause, cause);
        }
    }

    private static WorkerCallResult outputs(List<WorkerMessage> out) {
        WorkerCallResult.Builder b = WorkerCallResult.newBuilder();
        for (WorkerMessage m : out) {
            b.addOutputs(WorkerOutput.newBuilder().setPayload(com.google.protobuf.ByteString.copyFrom(m.payload()))
                    .setKey(m.keyIfAny().orElse("")).putAllHeaders(m.headers()));
        }
        return b.build();
    }

    static WorkerCallResult error(WorkerErrorCode code, String message) {
        return WorkerCallResult.newBuilder().setErrorCode(code.name()).setErrorMessage(message).build();
    }
}
