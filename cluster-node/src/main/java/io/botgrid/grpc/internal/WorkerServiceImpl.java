package io.botgrid.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.botgrid.proto.v1.BroadcastRequest;
import io.botgrid.proto.v1.BroadcastResponse;
import io.botgrid.proto.v1.DeclareSpecRequest;
import io.botgrid.proto.v1.GetSpecRequest;
import io.botgrid.proto.v1.GetStatusRequest;
import io.botgrid.proto.v1.GetStatusResponse;
import io.botgrid.proto.v1.ListNamesRequest;
import io.botgrid.proto.v1.ListNamesResponse;
import io.botgrid.proto.v1.ListSpecsRequest;
import io.botgrid.proto.v1.ListSpecsResponse;
import io.botgrid.proto.v1.LookupNameRequest;
import io.botgrid.proto.v1.PushRequest;
import io.botgrid.proto.v1.PushResponse;
import io.botgrid.proto.v1.RegistryEntry;
import io.botgrid.proto.v1.RemoveSpecRequest;
import io.botgrid.proto.v1.RemoveSpecResponse;
import io.botgrid.proto.v1.SendRequest;
import io.botgrid.proto.v1.SendResponse;
import io.botgrid.proto.v1.SpecView;
import io.botgrid.proto.v1.WorkerServiceGrpc;
import io.botgrid.registry.Registry;
import io.botgrid.workers.WorkerErrorCode;
import io.botgrid.workers.WorkerException;
import io.botgrid.workers.cluster.SpecRecord;
import io.botgrid.workers.cluster.WorkerCallException;
import io.botgrid.workers.cluster.WorkerCluster;
import io.botgrid.workers.cluster.WorkerSpecCodec;
import io.botgrid.workers.spi.WorkerMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code botgrid.v1.WorkerService}: worker specs, status, messages to workers and registry reads, through the
 * node's {@link WorkerCluster} and {@link Registry} ports. Refusals map to precise statuses in one place
 * ({@link #status}): a bad spec or request is INVALID_ARGUMENT, an unknown spec or name NOT_FOUND, a stopped target
 * or a placement no node matches FAILED_PRECONDITION, a full queue RESOURCE_EXHAUSTED, a restarting target or a node
 * not ready UNAVAILABLE, an item lost in a crash ABORTED. Calls that touch Ignite run on the front's I/O executor,
 * answers to worker futures on the callback executor.
 */
final class WorkerServiceImpl extends WorkerServiceGrpc.WorkerServiceImplBase {
    private static final int MAX_NAMES = 1000;

    private final String nodeName;
    private final Supplier<WorkerCluster> workers;
    private final Registry registry;
    private final Executor callbacks;
    private final Executor io;

    WorkerServiceImpl(String nodeName, Supplier<WorkerCluster> workers, Registry registry, Executor callbacks,
                      Executor io) {
        this.nodeName = nodeName;
        this.workers = workers;
        this.registry = registry;
        this.callbacks = callbacks;
        this.io = io;
    }

    // ---------------------------------------------------------------- specs

    @Override
    public void declareSpec(DeclareSpecRequest request, StreamObserver<SpecView> responses) {
        unary(responses, () -> {
            if (!request.hasSpec()) {
                throw invalid("spec is required");
            }
            return view(api().declare(WorkerSpecCodec.fromProto(request.getSpec())));
        });
    }

    @Override
    public void removeSpec(RemoveSpecRequest request, StreamObserver<RemoveSpecResponse> responses) {
        unary(responses, () -> RemoveSpecResponse.newBuilder().setVersion(api().remove(required("id",
                request.getId()))).build());
    }

    @Override
    public void listSpecs(ListSpecsRequest request, StreamObserver<ListSpecsResponse> responses) {
        unary(responses, () -> ListSpecsResponse.newBuilder().addAllSpecs(api().specs().stream()
                .map(WorkerServiceImpl::view).toList()).build());
    }

    @Override
    public void getSpec(GetSpecRequest request, StreamObserver<SpecView> responses) {
        unary(responses, () -> {
            String id = required("id", request.getId());
            return view(api().spec(id).orElseThrow(() -> Status.NOT_FOUND.withDescription("no worker spec '" + id
                    + "' is declared").asRuntimeException()));
        });
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> responses) {
        async(responses, () -> api().status(request.getSpecId().isEmpty() ? Optional.empty()
                : Optional.of(request.getSpecId())), list -> GetStatusResponse.newBuilder().addAllSpecs(list)
                .build());
    }

    // ---------------------------------------------------------------- messages

    @Override
    public void send(SendRequest request, StreamObserver<SendResponse> responses) {
        async(responses, () -> {
            String spec = required("spec_id", request.getSpecId());
            String worker = request.getWorkerId().isEmpty() ? spec : spec + "/" + request.getWorkerId();
            return api().send(worker, message(request.getPayload(), ""));
        }, out -> SendResponse.newBuilder().addAllOutputs(out.stream().map(m -> ByteString.copyFrom(m.payload()))
                .toList()).build());
    }

    @Override
    public void broadcast(BroadcastRequest request, StreamObserver<BroadcastResponse> responses) {
        async(responses, () -> api().broadcast(required("spec_id", request.getSpecId()),
                message(request.getPayload(), "")), n -> BroadcastResponse.newBuilder().setDelivered(n).build());
    }

    @Override
    public void push(PushRequest request, StreamObserver<PushResponse> responses) {
        async(responses, () -> api().push(required("spec_id", request.getSpecId()),
                request.getStage().isEmpty() ? Optional.empty() : Optional.of(request.getStage()),
                message(request.getPayload(), request.getKey())), out -> PushResponse.getDefaultInstance());
    }

    // ---------------------------------------------------------------- registry

    @Override
    public void lookupName(LookupNameRequest request, StreamObserver<RegistryEntry> responses) {
        unary(responses, () -> {
            String name = required("name", request.getName());
            return entry(registry.lookup(name).orElseThrow(() -> Status.NOT_FOUND.withDescription("no process "
                    + "holds the name '" + name + "'").asRuntimeException()));
        });
    }

    @Override
    public void listNames(ListNamesRequest request, StreamObserver<ListNamesResponse> responses) {
        unary(responses, () -> {
            if (request.getLimit() < 0 || request.getLimit() > MAX_NAMES) {
                throw invalid("limit must be 0 (default) to " + MAX_NAMES + ", got " + request.getLimit());
            }
            int limit = request.getLimit() == 0 ? MAX_NAMES : request.getLimit();
            return ListNamesResponse.newBuilder().addAllEntries(registry.list(request.getPrefix(), request.getTag(),
                    limit).stream().map(WorkerServiceImpl::entry).toList()).build();
        });
    }

    // ---------------------------------------------------------------- helpers

    private WorkerCluster api() {
        try {
            return workers.get();
        } catch (IllegalStateException e) {
            throw Status.UNAVAILABLE.withDescription("the workers of node " + nodeName + " are not started yet; "
                    + "retry, or call another node").asRuntimeException();
        }
    }

    /** Runs a blocking answer on the I/O executor. */
    private <T> void unary(StreamObserver<T> responses, Supplier<T> work) {
        try {
            io.execute(() -> {
                T answer;
                try {
                    answer = work.get();
                } catch (RuntimeException e) {
                    responses.onError(status(e));
                    return;
                }
                responses.onNext(answer);
                responses.onCompleted();
            });
        } catch (RuntimeException rejected) {
            responses.onError(Status.UNAVAILABLE.withDescription("node " + nodeName + " is stopping")
                    .asRuntimeException());
        }
    }

    /** Starts an asynchronous operation on the I/O executor and answers on the callback executor. */
    private <T, R> void async(StreamObserver<R> responses, Supplier<CompletableFuture<T>> start,
                              Function<T, R> answer) {
        try {
            io.execute(() -> {
                CompletableFuture<T> f;
                try {
                    f = start.get();
                } catch (RuntimeException e) {
                    responses.onError(status(e));
                    return;
                }
                f.whenCompleteAsync((value, error) -> {
                    if (error != null) {
                        responses.onError(status(error));
                        return;
                    }
                    R r;
                    try {
                        r = answer.apply(value);
                    } catch (RuntimeException e) {
                        responses.onError(status(e));
                        return;
                    }
                    responses.onNext(r);
                    responses.onCompleted();
                }, callbacks);
            });
        } catch (RuntimeException rejected) {
            responses.onError(Status.UNAVAILABLE.withDescription("node " + nodeName + " is stopping")
                    .asRuntimeException());
        }
    }

    /** The one mapping of worker refusals to statuses. */
    static StatusRuntimeException status(Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof WorkerException w) {
            return of(w.code(), w.getMessage());
        }
        if (e instanceof WorkerCallException w) {
            return of(w.code(), w.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof IllegalStateException) {
            return Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
        }
        return Status.INTERNAL.withDescription("worker call failed: " + e.getClass().getSimpleName())
                .asRuntimeException();
    }

    private static StatusRuntimeException of(WorkerErrorCode code, String message) {
        Status s = switch (code) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case ABORTED -> Status.ABORTED;
        };
        return s.withDescription(message).asRuntimeException();
    }

    private static WorkerMessage message(ByteString payload, String key) {
        return new WorkerMessage(payload.toByteArray(), key.isEmpty() ? null : key, java.util.Map.of());
    }

    private static String required(String field, String value) {
        if (value.isBlank()) {
            throw invalid(field + " is required");
        }
        return value;
    }

    private static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static SpecView view(SpecRecord r) {
        return SpecView.newBuilder().setSpec(WorkerSpecCodec.toProto(r.spec())).setVersion(r.version())
                .setSource(r.source()).setUpdatedAt(timestamp(r.updatedAt())).build();
    }

    private static RegistryEntry entry(io.botgrid.registry.RegistryEntry e) {
        return RegistryEntry.newBuilder().setName(e.name()).setOwner(e.owner()).setNode(e.node())
                .addAllTags(e.tags().stream().sorted().toList())
                .setRegisteredAt(timestamp(Instant.ofEpochMilli(e.registeredAtMillis()))).build();
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
