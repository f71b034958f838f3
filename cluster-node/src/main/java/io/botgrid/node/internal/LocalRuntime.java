package io.botgrid.node.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.internal.ActorRuntime;
import io.botgrid.actor.internal.StorageDiagnostics;
import io.botgrid.actor.internal.Stores;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * The node's actor runtime once it is there, and what the node's admin facade asks of it (placement, passivation,
 * activations, ownership, storage settling) for tests and tools. The runtime exists only once the cluster is
 * active, so everything here fails with {@link ClusterUnavailableException} (or answers "nothing") before.
 */
public final class LocalRuntime {
    private final String nodeName;
    private final Supplier<Ignite> ignite;
    private final CompletableFuture<ActorRuntime> runtime = new CompletableFuture<>();
    private final ActorClient client = new RoutingClient();

    public LocalRuntime(String nodeName, Supplier<Ignite> ignite) {
        this.nodeName = nodeName;
        this.ignite = ignite;
    }

    /** Completes when the runtime has started; fails if it could not, or the node stopped first. */
    public CompletableFuture<ActorRuntime> future() {
        return runtime;
    }

    /** The runtime, or null before it started. */
    public ActorRuntime now() {
        return runtime.getNow(null);
    }

    /** Calls actors through the runtime once it is there; before, calls fail with ClusterUnavailable. */
    public ActorClient client() {
        return client;
    }

    /** Whether the runtime started and has not failed or been stopped. */
    public boolean started() {
        return runtime.isDone() && !runtime.isCompletedExceptionally();
    }

    public List<String> placement(ActorId id) {
        return ready().placement(id);
    }

    public CompletableFuture<Boolean> passivate(ActorId id) {
        return ready().passivate(id);
    }

    public boolean isActive(ActorId id) {
        ActorRuntime r = now();
        return r != null && r.isActive(id);
    }

    public int activeCount() {
        ActorRuntime r = now();
        return r == null ? 0 : r.activeCount();
    }

    /** The name of the node Ignite considers the primary owner of the actor now, or null. */
    public String ownerOf(ActorId id) {
        ClusterNode n = ignite.get().affinity(Stores.JOURNAL).mapKeyToNode(id.asString());
        return n == null ? null : String.valueOf(n.consistentId());
    }

    /** Why the node's storage is not settled yet, or empty once it is. */
    public Optional<String> storageUnsettled() {
        Ignite i = ignite.get();
        return i == null ? Optional.of("node " + nodeName + " has not started")
                : Optional.ofNullable(StorageDiagnostics.unsettled(i));
    }

    private ActorRuntime ready() {
        ActorRuntime r = now();
        if (r == null) {
            throw notReady();
        }
        return r;
    }

    private ClusterUnavailableException notReady() {
        return new ClusterUnavailableException("node " + nodeName + " is not ready: its cluster is not active yet");
    }

    /** Routes every call through the runtime once it is there. */
    private final class RoutingClient implements ActorClient {
        @Override
        public <R extends Message> CompletableFuture<R> ask(ActorId id, Message command, CallOptions options) {
            ActorRuntime r = now();
            return r == null ? CompletableFuture.failedFuture(notReady()) : r.client().ask(id, command, options);
        }

        @Override
        public CompletableFuture<ByteString> askBytes(ActorId id, ByteString command, CallOptions options) {
            ActorRuntime r = now();
            return r == null ? CompletableFuture.failedFuture(notReady()) : r.client().askBytes(id, command, options);
        }
    }
}
