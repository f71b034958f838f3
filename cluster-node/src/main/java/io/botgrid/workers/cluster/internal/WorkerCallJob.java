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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.compute.ComputeJobContext;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.JobContextResource;

/**
 * A send, broadcast or push run on the node that holds the target, as an Ignite compute job. Request and result
 * travel as Protobuf bytes ({@link WorkerCall}, {@link WorkerCallResult}) so that no Botgrid class is Java-serialised
 * between nodes; a refusal comes back as its {@link WorkerErrorCode} and message.
 *
 * <p>A call the worker does not answer at once is held with Ignite's job continuation ({@code holdcc}, resumed by
 * {@code callcc} when the answer is there), rather than waited for on the public-pool thread: otherwise the pool's
 * few threads bound how many calls from other nodes can be in flight at once.
 */
final class WorkerCallJob implements IgniteCallable<byte[]> {
    private static final long serialVersionUID = 1L;
    /** The longest a remote call waits for the worker before answering UNAVAILABLE. */
    static final long WAIT_SECONDS = 30;

    private final byte[] call;
    @IgniteInstanceResource
    private transient Ignite ignite;
    /** Suspends the job while the worker answers, so a slow worker holds no thread of the public pool. */
    @JobContextResource
    private transient ComputeJobContext jobContext;
    /** The answer being waited for, once the job is held; read when Ignite resumes the job. */
    private transient volatile CompletableFuture<WorkerCallResult> pending;

    WorkerCallJob(byte[] call) {
        this.call = call;
    }

    @Override
    public byte[] call() {
        CompletableFuture<WorkerCallResult> answered = pending;
        if (answered != null) {
            // Resumed by callcc: the answer is there.
            return answered.getNow(error(WorkerErrorCode.UNAVAILABLE, "worker call resumed before its answer"))
                    .toByteArray();
        }
        LocalSupervisor supervisor = ignite.cluster().<String, LocalSupervisor>nodeLocalMap()
                .get(WorkerStores.SUPERVISOR_KEY);
        if (supervisor == null) {
            return error(WorkerErrorCode.UNAVAILABLE, "node " + ignite.name() + " runs no workers now").toByteArray();
        }
        WorkerCall c;
        try {
            c = WorkerCall.parseFrom(call);
        } catch (InvalidProtocolBufferException e) {
            return error(WorkerErrorCode.INVALID_ARGUMENT, "worker call does not parse: " + e.getMessage())
                    .toByteArray();
        }
        CompletableFuture<WorkerCallResult> result = runAsync(supervisor, c).completeOnTimeout(
                error(WorkerErrorCode.UNAVAILABLE, "worker '" + c.getTarget() + "' did not answer within "
                        + WAIT_SECONDS + " s"), WAIT_SECONDS, TimeUnit.SECONDS);
        if (result.isDone()) {
            return result.join().toByteArray();
        }
        // Not answered yet: give the public-pool thread back and resume (call() again) once it is.
        pending = result;
        jobContext.holdcc();
        result.whenComplete((r, e) -> jobContext.callcc());
        return null;
    }

    /** Runs a call on this node's supervisor; the future always completes normally, a refusal as an error result. */
    static CompletableFuture<WorkerCallResult> runAsync(LocalSupervisor supervisor, WorkerCall c) {
        WorkerMessage m = new WorkerMessage(c.getPayload().toByteArray(), c.getKey().isEmpty() ? null : c.getKey(),
                c.getHeadersMap());
        String specId = c.getTarget().contains("/") ? c.getTarget().substring(0, c.getTarget().indexOf('/'))
                : c.getTarget();
        if (supervisor.status(specId).isEmpty()) {
            // Assigned here but not applied yet (the call overtook the reconciliation): transient, retry.
            return CompletableFuture.completedFuture(error(WorkerErrorCode.UNAVAILABLE, "worker spec '" + specId
                    + "' is being started on this node; retry"));
        }
        CompletableFuture<WorkerCallResult> result;
        io.opentelemetry.context.Scope scope = TraceContext.of(c.getTraceparent()).makeCurrent();
        try {
            result = switch (c.getKind()) {
                case SEND -> supervisor.send(c.getTarget(), m).toCompletableFuture().thenApply(WorkerCallJob::outputs);
                case PUSH -> supervisor.push(c.getTarget(), c.getStage().isEmpty() ? Optional.empty()
                        : Optional.of(c.getStage()), m).toCompletableFuture().thenApply(WorkerCallJob::outputs);
                case BROADCAST -> supervisor.broadcast(c.getTarget(), m).toCompletableFuture()
                        .thenApply(each -> WorkerCallResult.newBuilder().setDelivered(each.size()).build());
                default -> CompletableFuture.completedFuture(error(WorkerErrorCode.INVALID_ARGUMENT,
                        "unknown worker call kind " + c.getKind()));
            };
        } catch (WorkerException e) {
            return CompletableFuture.completedFuture(error(e.code(), e.getMessage()));
        } finally {
            scope.close();
        }
        return result.exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof WorkerException we) {
                return error(we.code(), we.getMessage());
            }
            return error(WorkerErrorCode.ABORTED, "worker '" + c.getTarget() + "' failed: " + cause);
        });
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
