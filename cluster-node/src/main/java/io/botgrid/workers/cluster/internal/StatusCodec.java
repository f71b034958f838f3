package io.botgrid.workers.cluster.internal;

import io.botgrid.proto.v1.InstanceStatus;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.workers.QueueStatus;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.WorkerStatus;
import io.botgrid.workers.autoscale.ScalingDecision;
import java.util.Locale;

/** A node's {@link WorkerStatus} as the API's {@link SpecStatus}. */
final class StatusCodec {
    private StatusCodec() {
    }

    static String state(WorkerState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    static io.botgrid.proto.v1.ScalingDecision toProto(ScalingDecision d) {
        return io.botgrid.proto.v1.ScalingDecision.newBuilder().setStage(d.stage())
                .setAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(d.at().getEpochSecond())
                        .setNanos(d.at().getNano()))
                .setAction(d.action().label()).setFromInstances(d.from()).setToInstances(d.to())
                .setNeededInstances(d.needed()).setReason(d.reason()).setBacklog(d.signals().backlog())
                .setThroughputPerSecond(d.signals().throughputPerSecond())
                .setLatencyMs(d.signals().meanLatencyNanos() / 1e6)
                .setHandlingMs(d.signals().meanHandlingNanos() / 1e6).build();
    }

    static SpecStatus toProto(WorkerStatus s) {
        SpecStatus.Builder b = SpecStatus.newBuilder().setSpecId(s.id()).setNode(s.node())
                .setIncarnation(s.incarnation()).setState(state(s.state())).setRestarts(s.restarts())
                .setLastError(s.lastError().orElse(""));
        for (io.botgrid.workers.InstanceStatus i : s.instances()) {
            int depth = 0;
            for (QueueStatus q : s.queues()) {
                if (i.workerId().equals(q.name()) || i.workerId().startsWith(s.id() + "/" + q.name() + "#")) {
                    depth = q.depth();
                }
            }
            b.addInstances(InstanceStatus.newBuilder().setId(i.workerId()).setState(state(i.state()))
                    .setQueueDepth(depth).setProcessed(i.processed()).setFailed(i.failed())
                    .setRestarts(i.restarts()).setLastError(i.lastError().orElse("")));
        }
        return b.build();
    }
}
