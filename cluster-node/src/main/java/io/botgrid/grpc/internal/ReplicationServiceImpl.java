package io.botgrid.grpc.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.JournalReplica;
import io.botgrid.actor.ReplicationRefusedException;
import io.botgrid.cluster.RegionAdmin;
import io.botgrid.proto.v1.ApplyRequest;
import io.botgrid.proto.v1.ApplyResponse;
import io.botgrid.proto.v1.JournalHead;
import io.botgrid.proto.v1.JournalHeadsRequest;
import io.botgrid.proto.v1.JournalHeadsResponse;
import io.botgrid.proto.v1.RegionRole;
import io.botgrid.proto.v1.RegionRoleRequest;
import io.botgrid.proto.v1.ReplicatedRecord;
import io.botgrid.proto.v1.ReplicatedSnapshot;
import io.botgrid.proto.v1.ReplicatedSpec;
import io.botgrid.proto.v1.ReplicationServiceGrpc;
import io.botgrid.proto.v1.SnapshotRecord;
import io.botgrid.workers.cluster.SpecReplica;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code botgrid.v1.ReplicationService}: the standby side of replication between regions, through the node's
 * {@link JournalReplica} port (and the worker specs through the {@link SpecReplica} port, after the records of the same
 * call, behind the same role check), the region's role through its {@link RegionAdmin} port (read, promote, demote,
 * set where it ships), and the journal heads a demoted region re-synchronising from this one asks for. The writes and
 * reads block on the caches, so they run on the front's I/O executor.
 */
final class ReplicationServiceImpl extends ReplicationServiceGrpc.ReplicationServiceImplBase {
    /** Journal head probes per call: a demoted region sends 1,000. */
    private static final int MAX_PROBES = 10_000;
    private final Supplier<JournalReplica> replica;
    private final Supplier<RegionAdmin> regions;
    private final Supplier<SpecReplica> specs;
    private final Executor io;

    ReplicationServiceImpl(Supplier<JournalReplica> replica, Supplier<RegionAdmin> regions,
                           Supplier<SpecReplica> specs, Executor io) {
        this.replica = replica;
        this.regions = regions;
        this.specs = specs;
        this.io = io;
    }

    @Override
    public void getRegionRole(RegionRoleRequest request, StreamObserver<RegionRole> responses) {
        role(request, responses, admin -> admin.role());
    }

    @Override
    public void promoteRegion(RegionRoleRequest request, StreamObserver<RegionRole> responses) {
        role(request, responses, admin -> admin.promote(request.getRegion(), request.getStandbyEndpointsList()));
    }

    @Override
    public void demoteRegion(RegionRoleRequest request, StreamObserver<RegionRole> responses) {
        role(request, responses, admin -> admin.demote(request.getRegion()));
    }

    @Override
    public void setStandby(RegionRoleRequest request, StreamObserver<RegionRole> responses) {
        role(request, responses, admin -> admin.setStandby(request.getRegion(), request.getStandbyEndpointsList()));
    }

    @Override
    public void getJournalHeads(JournalHeadsRequest request, StreamObserver<JournalHeadsResponse> responses) {
        if (request.getProbesCount() > MAX_PROBES) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("at most " + MAX_PROBES + " journal head probes "
                    + "per call, got " + request.getProbesCount()).asRuntimeException());
            return;
        }
        List<JournalReplica.Head> probes = new ArrayList<>(request.getProbesCount());
        request.getProbesList().forEach(p -> probes.add(new JournalReplica.Head(p.getActor(), p.getSeq())));
        answerOnIo(responses, () -> {
            JournalHeadsResponse.Builder answer = JournalHeadsResponse.newBuilder().setRegion(regions.get().region());
            for (JournalReplica.Head h : replica.get().heads(probes)) {
                answer.addHeads(JournalHead.newBuilder().setActor(h.actor()).setSeq(h.seq()));
            }
            return answer.build();
        }, ReplicationServiceImpl::shipmentRefusal);
    }

    /** A role read or change, on the I/O executor (it writes the replicated role cache). */
    private void role(RegionRoleRequest request, StreamObserver<RegionRole> responses,
                      Function<RegionAdmin, String> change) {
        RegionAdmin admin;
        try {
            admin = regions.get();
        } catch (IllegalStateException e) {
            responses.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        answerOnIo(responses, () -> {
            String role = change.apply(admin);
            return RegionRole.newBuilder().setRegion(admin.region()).setRole(role)
                    .addAllStandbyEndpoints(admin.standbyEndpoints()).build();
        }, ReplicationServiceImpl::roleRefusal);
    }

    /** The snapshots of an {@code Apply} call, if it has any (after its records: a snapshot needs its record). */
    private void applySnapshots(ApplyRequest request, ApplyResponse.Builder answer) {
        if (request.getSnapshotsCount() == 0) {
            return;
        }
        List<JournalReplica.Snapshot> shipped = new ArrayList<>(request.getSnapshotsCount());
        for (ReplicatedSnapshot s : request.getSnapshotsList()) {
            long seq;
            try {
                seq = SnapshotRecord.parseFrom(s.getSnapshot()).getSeq();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("replicated snapshot of '" + s.getActor()
                        + "' is not a snapshot record: " + e.getMessage(), e);
            }
            shipped.add(new JournalReplica.Snapshot(s.getActor(), seq, s.getSnapshot().toByteArray()));
        }
        JournalReplica.SnapshotsApplied applied = replica.get().applySnapshots(shipped);
        answer.setSnapshotsWritten(applied.written()).setSnapshotsSkipped(applied.skipped());
    }

    /** The worker specs of an {@code Apply} call, if it has any. */
    private void applySpecs(ApplyRequest request, ApplyResponse.Builder answer) {
        if (request.getSpecsCount() == 0) {
            return;
        }
        List<SpecReplica.Spec> shipped = new ArrayList<>(request.getSpecsCount());
        for (ReplicatedSpec s : request.getSpecsList()) {
            shipped.add(new SpecReplica.Spec(s.getId(), s.getStored().toByteArray()));
        }
        SpecReplica.Applied applied = specs.get().apply(shipped);
        answer.setSpecsWritten(applied.written()).setSpecsAlreadyPresent(applied.alreadyPresent());
    }

    @Override
    public void apply(ApplyRequest request, StreamObserver<ApplyResponse> responses) {
        List<JournalReplica.Record> records = new ArrayList<>(request.getRecordsCount());
        for (ReplicatedRecord r : request.getRecordsList()) {
            records.add(new JournalReplica.Record(r.getActor(), r.getSeq(), r.getRecord().toByteArray()));
        }
        answerOnIo(responses, () -> {
            JournalReplica.Applied applied = replica.get().apply(request.getSourceRegion(), records);
            ApplyResponse.Builder b = ApplyResponse.newBuilder().setWritten(applied.written())
                    .setAlreadyPresent(applied.alreadyPresent()).setConflicts(applied.conflicts());
            applySpecs(request, b); // after the records: their write made the role's check
            applySnapshots(request, b);
            return b.build();
        }, ReplicationServiceImpl::shipmentRefusal);
    }

    /**
     * Answers with what {@code work} returns, run on the I/O executor (the caches block); a refusal it throws gets the
     * status {@code refusal} names for it (with its message), anything else the status {@link Statuses} gives.
     */
    private <T> void answerOnIo(StreamObserver<T> responses, Supplier<T> work,
                                Function<RuntimeException, Status> refusal) {
        ServerCallStreamObserver<T> observer = (ServerCallStreamObserver<T>) responses;
        observer.setOnCancelHandler(() -> { });
        try {
            io.execute(() -> {
                T answer;
                try {
                    answer = work.get();
                } catch (RuntimeException e) {
                    Status status = refusal.apply(e);
                    observer.onError((status != null ? status.withDescription(e.getMessage()) : Statuses.of(e))
                            .asRuntimeException());
                    return;
                }
                observer.onNext(answer);
                observer.onCompleted();
            });
        } catch (RejectedExecutionException e) {
            observer.onError(Status.UNAVAILABLE.withDescription("the node is stopping").asRuntimeException());
        }
    }

    /**
     * A shipment or a heads read: fenced (the standby was promoted over the source), malformed input, or a side that
     * cannot take it now (not ready, no majority); null for anything else.
     */
    private static Status shipmentRefusal(RuntimeException e) {
        if (e instanceof ReplicationRefusedException) {
            return Status.FAILED_PRECONDITION;
        }
        if (e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT;
        }
        return e instanceof IllegalStateException ? Status.UNAVAILABLE : null;
    }

    /** A role change the region's role does not allow, or a malformed one; null for anything else. */
    private static Status roleRefusal(RuntimeException e) {
        if (e instanceof IllegalStateException) {
            return Status.FAILED_PRECONDITION;
        }
        return e instanceof IllegalArgumentException ? Status.INVALID_ARGUMENT : null;
    }
}
