package io.botgrid.workers.cluster.internal;

import io.botgrid.proto.v1.NodeWorkerStatus;
import io.botgrid.workers.LocalSupervisor;
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
            supervisor.status().forEach(s -> b.addSpecs(StatusCodec.toProto(s)));
        }
        return b.build().toByteArray();
    }
}
