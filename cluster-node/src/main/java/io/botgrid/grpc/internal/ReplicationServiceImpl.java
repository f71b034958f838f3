package io.botgrid.grpc.internal;

import io.botgrid.actor.JournalReplica;
import io.botgrid.proto.v1.ApplyRequest;
import io.botgrid.proto.v1.ApplyResponse;
import io.botgrid.proto.v1.ReplicatedRecord;
import io.botgrid.proto.v1.ReplicationServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * {@code botgrid.v1.ReplicationService}: the standby side of replication between regions, through the node's
 * {@link JournalReplica} port. The write blocks on the journal, so it runs on the front's I/O executor.
 */
final class ReplicationServiceImpl extends ReplicationServiceGrpc.ReplicationServiceImplBase {
    private final Supplier<JournalReplica> replica;
    private final Executor io;

    ReplicationServiceImpl(Supplier<JournalReplica> replica, Executor io) {
        this.replica = replica;
        this.io = io;
    }

    @Override
    public void apply(ApplyRequest request, StreamObserver<ApplyResponse> responses) {
        ServerCallStreamObserver<ApplyResponse> observer = (ServerCallStreamObserver<ApplyResponse>) responses;
        observer.setOnCancelHandler(() -> { });
        List<JournalReplica.Record> records = new ArrayList<>(request.getRecordsCount());
        for (ReplicatedRecord r : request.getRecordsList()) {
            records.add(new JournalReplica.Record(r.getActor(), r.getSeq(), r.getRecord().toByteArray()));
        }
        try {
            io.execute(() -> {
                ApplyResponse answer;
                try {
                    JournalReplica.Applied applied = replica.get().apply(records);
                    answer = ApplyResponse.newBuilder().setWritten(applied.written())
                            .setAlreadyPresent(applied.alreadyPresent()).setConflicts(applied.conflicts()).build();
                } catch (IllegalArgumentException e) {
                    observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                    return;
                } catch (IllegalStateException e) {
                    observer.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
                    return;
                } catch (RuntimeException e) {
                    observer.onError(Statuses.of(e).asRuntimeException());
                    return;
                }
                observer.onNext(answer);
                observer.onCompleted();
            });
        } catch (RejectedExecutionException e) {
            observer.onError(Status.UNAVAILABLE.withDescription("the node is stopping").asRuntimeException());
        }
    }
}
