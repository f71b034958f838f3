package io.botgrid.workers.cluster.internal;

import io.botgrid.proto.v1.NodeWorkerStatus;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.autoscale.Autoscaler;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/** Reads one node's local worker status, as Protobuf bytes ({@link NodeWorkerStatus}). */
final class StatusJob implements IgniteCallable<byte[]> {
    private static final long serialVersionUID = 1L;
    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public byte[] call() {
        LocalSupervisor supervisor = ignite.cluster().<String, LocalSupervisor>nodeLocalMap()
                .get(WorkerStores.SUPERVISOR_KEY);
        NodeWorkerStatus.Builder b = NodeWorkerStatus.newBuilder();
        if (supervisor != null) {
            Object scaler = ignite.cluster().<String, Object>nodeLocalMap().get(Autoscaler.NODE_LOCAL_KEY);
            supervisor.status().forEach(s -> {
                io.botgrid.proto.v1.SpecStatus.Builder spec = StatusCodec.toProto(s).toBuilder();
                if (scaler instanceof Autoscaler a) {
                    a.decisions(s.id()).forEach(d -> spec.addScalingDecisions(StatusCodec.toProto(d)));
                }
                b.addSpecs(spec);
            });
        }
        return b.build().toByteArray();
    }
}
