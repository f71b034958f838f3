package io.botgrid.client.internal;

import com.google.protobuf.ByteString;
import io.botgrid.client.BotgridException;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.NameEntry;
import io.botgrid.client.WorkerRegistry;
import io.botgrid.client.Workers;
import io.botgrid.proto.v1.BroadcastRequest;
import io.botgrid.proto.v1.DeclareSpecRequest;
import io.botgrid.proto.v1.GetSpecRequest;
import io.botgrid.proto.v1.GetStatusRequest;
import io.botgrid.proto.v1.ListNamesRequest;
import io.botgrid.proto.v1.ListSpecsRequest;
import io.botgrid.proto.v1.LookupNameRequest;
import io.botgrid.proto.v1.PushRequest;
import io.botgrid.proto.v1.RegistryEntry;
import io.botgrid.proto.v1.RemoveSpecRequest;
import io.botgrid.proto.v1.SendRequest;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.proto.v1.SpecView;
import io.botgrid.proto.v1.WorkerServiceGrpc;
import io.botgrid.proto.v1.WorkerSpec;
import io.grpc.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** {@link Workers} and {@link WorkerRegistry} over the WorkerService. */
public final class GrpcWorkers implements Workers, WorkerRegistry {
    private final Unary unary;
    private final Duration timeout;
    private final Executor executor;

    public GrpcWorkers(Unary unary, Duration timeout, Executor executor) {
        this.unary = unary;
        this.timeout = timeout;
        this.executor = executor;
    }

    private Deadline deadline() {
        return Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletableFuture<SpecView> declare(WorkerSpec spec) {
        return unary.call(WorkerServiceGrpc.getDeclareSpecMethod(), DeclareSpecRequest.newBuilder().setSpec(spec)
                .build(), deadline()).thenApplyAsync(v -> v, executor);
    }

    @Override
    public CompletableFuture<Long> remove(String specId) {
        return unary.call(WorkerServiceGrpc.getRemoveSpecMethod(), RemoveSpecRequest.newBuilder().setId(specId)
                .build(), deadline()).thenApplyAsync(r -> r.getVersion(), executor);
    }

    @Override
    public CompletableFuture<List<SpecView>> list() {
        return unary.call(WorkerServiceGrpc.getListSpecsMethod(), ListSpecsRequest.getDefaultInstance(), deadline())
                .thenApplyAsync(r -> List.copyOf(r.getSpecsList()), executor);
    }

    @Override
    public CompletableFuture<SpecView> get(String specId) {
        return unary.call(WorkerServiceGrpc.getGetSpecMethod(), GetSpecRequest.newBuilder().setId(specId).build(),
                deadline()).thenApplyAsync(v -> v, executor);
    }

    @Override
    public CompletableFuture<List<SpecStatus>> status(Optional<String> specId) {
        return unary.call(WorkerServiceGrpc.getGetStatusMethod(), GetStatusRequest.newBuilder()
                .setSpecId(specId.orElse("")).build(), deadline())
                .thenApplyAsync(r -> List.copyOf(r.getSpecsList()), executor);
    }

    @Override
    public CompletableFuture<List<ByteString>> send(String specId, String memberId, ByteString payload) {
        return unary.call(WorkerServiceGrpc.getSendMethod(), SendRequest.newBuilder().setSpecId(specId)
                .setWorkerId(memberId).setPayload(payload).build(), deadline())
                .thenApplyAsync(r -> List.copyOf(r.getOutputsList()), executor);
    }

    @Override
    public CompletableFuture<Integer> broadcast(String groupId, ByteString payload) {
        return unary.call(WorkerServiceGrpc.getBroadcastMethod(), BroadcastRequest.newBuilder().setSpecId(groupId)
                .setPayload(payload).build(), deadline()).thenApplyAsync(r -> r.getDelivered(), executor);
    }

    @Override
    public CompletableFuture<Void> push(String chainId, String stage, String key, ByteString payload) {
        return unary.call(WorkerServiceGrpc.getPushMethod(), PushRequest.newBuilder().setSpecId(chainId)
                .setStage(stage).setKey(key).setPayload(payload).build(), deadline())
                .thenApplyAsync(r -> null, executor);
    }

    @Override
    public CompletableFuture<Optional<NameEntry>> lookup(String name) {
        return unary.call(WorkerServiceGrpc.getLookupNameMethod(), LookupNameRequest.newBuilder().setName(name)
                .build(), deadline()).thenApplyAsync(e -> Optional.of(entry(e)), executor)
                .exceptionally(GrpcWorkers::notFoundIsEmpty);
    }

    private static Optional<NameEntry> notFoundIsEmpty(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof BotgridException b && b.code() == ErrorCode.NOT_FOUND) {
            return Optional.empty();
        }
        throw t instanceof CompletionException c ? c : new CompletionException(t);
    }

    @Override
    public CompletableFuture<List<NameEntry>> list(String prefix, String tag) {
        return unary.call(WorkerServiceGrpc.getListNamesMethod(), ListNamesRequest.newBuilder().setPrefix(prefix)
                .setTag(tag).build(), deadline())
                .thenApplyAsync(r -> r.getEntriesList().stream().map(GrpcWorkers::entry).toList(), executor);
    }

    private static NameEntry entry(RegistryEntry e) {
        return new NameEntry(e.getName(), e.getOwner(), e.getNode(), Set.copyOf(e.getTagsList()),
                Instant.ofEpochSecond(e.getRegisteredAt().getSeconds(), e.getRegisteredAt().getNanos()));
    }
}
