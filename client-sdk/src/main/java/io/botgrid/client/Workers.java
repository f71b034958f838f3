package io.botgrid.client;

import com.google.protobuf.ByteString;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.proto.v1.SpecView;
import io.botgrid.proto.v1.WorkerSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Supervised workers (see docs/workers.md): declare and remove specs (admin), read specs and status (operator), send
 * to a worker, broadcast to a group, push into a chain (client). Specs and status are the {@code botgrid.v1}
 * messages ({@link WorkerSpec}, {@link SpecView}, {@link SpecStatus}), built with their builders. Futures complete on
 * the client's executor and fail with {@link BotgridException} (its code says which refusal: a bad spec
 * INVALID_ARGUMENT, an unknown spec NOT_FOUND, a stopped chain FAILED_PRECONDITION, a full chain RESOURCE_EXHAUSTED);
 * each {@code …Blocking} method waits and throws it.
 */
public interface Workers {
    CompletableFuture<SpecView> declare(WorkerSpec spec);

    /** Removes a spec; completes with the version of the removal. */
    CompletableFuture<Long> remove(String specId);

    CompletableFuture<List<SpecView>> list();

    CompletableFuture<SpecView> get(String specId);

    /** Status of every spec, or of one. */
    CompletableFuture<List<SpecStatus>> status(Optional<String> specId);

    /** Sends to a standalone worker ({@code memberId} empty) or a group member; the worker's outputs. */
    CompletableFuture<List<ByteString>> send(String specId, String memberId, ByteString payload);

    /** Sends to every member of a group; how many received it. */
    CompletableFuture<Integer> broadcast(String groupId, ByteString payload);

    /** Pushes into a chain at its head ({@code stage} empty) or a named stage, with an ordering key (may be empty). */
    CompletableFuture<Void> push(String chainId, String stage, String key, ByteString payload);

    default SpecView declareBlocking(WorkerSpec spec) {
        return Blocking.join(declare(spec));
    }

    default long removeBlocking(String specId) {
        return Blocking.join(remove(specId));
    }

    default List<SpecView> listBlocking() {
        return Blocking.join(list());
    }

    default SpecView getBlocking(String specId) {
        return Blocking.join(get(specId));
    }

    default List<SpecStatus> statusBlocking(Optional<String> specId) {
        return Blocking.join(status(specId));
    }

    default List<ByteString> sendBlocking(String specId, String memberId, ByteString payload) {
        return Blocking.join(send(specId, memberId, payload));
    }

    default int broadcastBlocking(String groupId, ByteString payload) {
        return Blocking.join(broadcast(groupId, payload));
    }

    default void pushBlocking(String chainId, String stage, String key, ByteString payload) {
        Blocking.join(push(chainId, stage, key, payload));
    }
}
