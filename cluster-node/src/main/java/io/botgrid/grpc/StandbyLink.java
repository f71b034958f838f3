package io.botgrid.grpc;

import com.google.protobuf.ByteString;
import io.botgrid.actor.JournalReplica;
import io.botgrid.actor.ReplicationLink;
import io.botgrid.actor.ReplicationRefusedException;
import io.botgrid.proto.v1.ApplyRequest;
import io.botgrid.proto.v1.ApplyResponse;
import io.botgrid.proto.v1.JournalHead;
import io.botgrid.proto.v1.JournalHeadsRequest;
import io.botgrid.proto.v1.JournalHeadsResponse;
import io.botgrid.proto.v1.ReplicatedRecord;
import io.botgrid.proto.v1.ReplicatedSnapshot;
import io.botgrid.proto.v1.ReplicatedSpec;
import io.botgrid.proto.v1.ReplicationServiceGrpc;
import io.botgrid.workers.cluster.SpecReplica;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link ReplicationLink} to a standby region over its nodes' gRPC fronts ({@code ReplicationService.Apply}):
 * one channel per endpoint, the one in use kept until a call on it fails, then the next. The token (an admin key or
 * JWT of the standby) goes with every call.
 */
public final class StandbyLink implements ReplicationLink {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String sourceRegion;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<ReplicationServiceGrpc.ReplicationServiceBlockingStub> stubs = new ArrayList<>();
    private final List<String> targets;
    private final Duration timeout;
    private final AtomicInteger current = new AtomicInteger();

    /**
     * @param sourceRegion this node's region, sent with each batch
     * @param endpoints the standby's gRPC endpoints, {@code host:port}
     * @param token bearer token for the standby, or null when it checks none
     * @param timeout deadline of one shipment
     */
    public StandbyLink(String sourceRegion, List<String> endpoints, String token, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a standby link needs at least one endpoint");
        }
        this.sourceRegion = sourceRegion;
        this.targets = List.copyOf(endpoints);
        this.timeout = timeout;
        for (String target : targets) {
            ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
            channels.add(channel);
            var stub = ReplicationServiceGrpc.newBlockingStub(channel);
            if (token != null) {
                Metadata headers = new Metadata();
                headers.put(AUTHORIZATION, "Bearer " + token);
                stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            stubs.add(stub);
        }
    }

    @Override
    public JournalReplica.Applied ship(List<JournalReplica.Record> records) {
        return ship(records, List.of());
    }

    @Override
    public JournalReplica.Applied ship(List<JournalReplica.Record> records, List<JournalReplica.Snapshot> snapshots) {
        ApplyRequest.Builder request = ApplyRequest.newBuilder().setSourceRegion(sourceRegion);
        for (JournalReplica.Record r : records) {
            request.addRecords(ReplicatedRecord.newBuilder().setActor(r.actor()).setSeq(r.seq())
                    .setRecord(ByteString.copyFrom(r.bytes())));
        }
        for (JournalReplica.Snapshot s : snapshots) {
            request.addSnapshots(ReplicatedSnapshot.newBuilder().setActor(s.actor())
                    .setSnapshot(ByteString.copyFrom(s.bytes())));
        }
        ApplyResponse answer = call(request.build(), records.size() + " records and " + snapshots.size()
                + " snapshots");
        return new JournalReplica.Applied(answer.getWritten(), answer.getAlreadyPresent(), answer.getConflicts());
    }

    /**
     * Ships worker specs (see {@link SpecReplica}) in an {@code Apply} call without records; blocks until the
     * standby answered. Throws as {@link #ship} does.
     */
    public SpecReplica.Applied shipSpecs(List<SpecReplica.Spec> specs) {
        ApplyRequest.Builder request = ApplyRequest.newBuilder().setSourceRegion(sourceRegion);
        for (SpecReplica.Spec s : specs) {
            request.addSpecs(ReplicatedSpec.newBuilder().setId(s.id()).setStored(ByteString.copyFrom(s.stored())));
        }
        ApplyResponse answer = call(request.build(), specs.size() + " worker specs");
        return new SpecReplica.Applied(answer.getSpecsWritten(), answer.getSpecsAlreadyPresent());
    }

    private ApplyResponse call(ApplyRequest request, String what) {
        int index = current.get();
        try {
            return stubs.get(index).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).apply(request);
        } catch (StatusRuntimeException e) {
            String promoted = ReplicationRefusedException.promotedRegionIn(e.getStatus().getDescription());
            if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION && promoted != null) {
                throw new ReplicationRefusedException(promoted, sourceRegion,
                        ReplicationRefusedException.termIn(e.getStatus().getDescription()));
            }
            current.compareAndSet(index, (index + 1) % stubs.size());
            throw new IllegalStateException("standby " + targets.get(index) + " did not take " + what + ": "
                    + e.getStatus().getCode() + " " + e.getStatus().getDescription(), e);
        }
    }

    @Override
    public Heads heads(List<JournalReplica.Head> probes) {
        JournalHeadsRequest.Builder request = JournalHeadsRequest.newBuilder();
        probes.forEach(p -> request.addProbes(JournalHead.newBuilder().setActor(p.actor()).setSeq(p.seq())));
        int index = current.get();
        try {
            JournalHeadsResponse answer = stubs.get(index)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).getJournalHeads(request.build());
            if (answer.getHeadsCount() != probes.size()) {
                throw new IllegalStateException("region " + answer.getRegion() + " answered " + answer.getHeadsCount()
                        + " journal heads for " + probes.size() + " probes");
            }
            List<JournalReplica.Head> heads = new ArrayList<>(probes.size());
            answer.getHeadsList().forEach(h -> heads.add(new JournalReplica.Head(h.getActor(), h.getSeq())));
            return new Heads(answer.getRegion(), heads);
        } catch (StatusRuntimeException e) {
            current.compareAndSet(index, (index + 1) % stubs.size());
            throw new IllegalStateException(targets.get(index) + " did not answer the journal heads of "
                    + probes.size() + " actors: " + e.getStatus().getCode() + " " + e.getStatus().getDescription(), e);
        }
    }

    /** The endpoints this link ships to. */
    public List<String> endpoints() {
        return targets;
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
