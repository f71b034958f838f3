package io.botgrid.node.internal;

import io.botgrid.node.StorageConfig;
import io.botgrid.util.DaemonThreads;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.failure.AbstractFailureHandler;
import org.apache.ignite.failure.FailureType;
import org.apache.ignite.lang.IgnitePredicate;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's membership of its Ignite cluster: starting Ignite, waiting for the cluster to be active, leaving, and
 * (for tests) dying. Kept apart from the node's wiring because it is the one part that knows how Ignite activates a
 * persistent cluster.
 *
 * <p>A new cluster activates itself on its first node; a restarted persistent cluster activates when all its
 * baseline nodes are back, which Ignite reports on every node with {@code EVT_CLUSTER_ACTIVATED}.
 */
public final class ClusterJoin {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJoin.class);

    private final StorageConfig config;
    private final Ignite ignite;
    /** Completes when the cluster activates (or at once if it is active); cancelled if the node stops first. */
    private final CompletableFuture<Void> activated = new CompletableFuture<>();
    /** Set when a launcher restarts the node (haltOnCriticalFailure): ends a split that healed into two clusters. */
    private final RejoinWatch rejoin;
    /** Resets lost partitions once every baseline node (so every copy) is back. */
    private final LostPartitionReset lostPartitions;
    /** Adds running server nodes that the baseline auto-adjust left out. */
    private final BaselineCatchUp baselineCatchUp;

    private ClusterJoin(StorageConfig config, Ignite ignite) {
        this.config = config;
        this.ignite = ignite;
        this.rejoin = config.haltOnCriticalFailure() ? RejoinWatch.start(ignite, config) : null;
        this.lostPartitions = LostPartitionReset.start(ignite, config.nodeName());
        this.baselineCatchUp = BaselineCatchUp.start(ignite, config);
    }

    /**
     * Starts Ignite, publishing the gRPC port ({@code -1}: no front) and the hosted actor types
     * ({@link ActorTypeAgreement#describe}) as node attributes and {@code local} in the node-local map for jobs that
     * other nodes send.
     *
     * @throws IllegalStateException when the other nodes host other actor types (the caller stops Ignite)
     */
    public static ClusterJoin start(StorageConfig config, int grpcPort, LocalNode local, String actorTypes) {
        if (config.haltOnCriticalFailure()) {
            StaleCopies.beforeStart(config);
        }
        Ignite ignite;
        try {
            ignite = Ignition.start(IgniteSetup.configuration(config, grpcPort,
                    Map.of(ActorTypeAgreement.ATTRIBUTE, actorTypes)));
        } catch (RuntimeException e) {
            throw wrongMasterKey(config, e);
        }
        Map<String, String> others = new HashMap<>();
        for (ClusterNode node : ignite.cluster().forServers().forRemotes().nodes()) {
            others.put(String.valueOf(node.consistentId()), node.attribute(ActorTypeAgreement.ATTRIBUTE));
        }
        ActorTypeAgreement.disagreement(config.nodeName(), actorTypes, others).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        ignite.cluster().<String, Object>nodeLocalMap().put(IgniteSetup.NODE_LOCAL_KEY, local);
        return new ClusterJoin(config, ignite);
    }

    /**
     * Ignite reports data encrypted under another master key as a padding failure deep in its start: say what it
     * means, naming the key store, so an operator does not read a cipher stack trace. Any other failure is kept.
     */
    private static RuntimeException wrongMasterKey(StorageConfig config, RuntimeException e) {
        if (config.encryption() == null) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.crypto.BadPaddingException
                    || String.valueOf(t.getMessage()).contains("Master key digest")) {
                return new IllegalStateException("node " + config.nodeName() + " cannot decrypt its stored data: the "
                        + "master key in encryption.keyStore " + config.encryption().keyStore() + " is not the key "
                        + "the data (or the cluster) was encrypted with", e);
            }
        }
        return e;
    }

    public Ignite ignite() {
        return ignite;
    }

    /**
     * Runs {@code onActive} once the cluster is active: at once, on this thread, if it is active or brand new (then
     * it activates it); otherwise on a thread of its own when Ignite reports the activation (the event comes on an
     * Ignite thread, which must not block). The listener is registered before the state is read, so an activation
     * between the two is not missed. A failure of {@code onActive} on that thread goes to {@code onFailure}.
     */
    public void whenActive(Runnable onActive, Consumer<RuntimeException> onFailure) {
        if (ignite.cluster().state().active() || ignite.cluster().currentBaselineTopology() == null) {
            IgniteSetup.activateIfNew(ignite, config);
            onActive.run();
            return;
        }
        LOG.info("Node {} waits for the cluster to activate: baseline nodes {} must all be back",
                config.nodeName(), ignite.cluster().currentBaselineTopology().stream()
                        .map(n -> String.valueOf(n.consistentId())).toList());
        IgnitePredicate<Event> listener = event -> {
            activated.complete(null);
            return false; // once is enough: stop listening
        };
        ignite.events().localListen(listener, EventType.EVT_CLUSTER_ACTIVATED);
        activated.whenComplete((v, e) -> {
            try {
                ignite.events().stopLocalListen(listener);
            } catch (RuntimeException stopping) {
                // the node is stopping: its listeners end with it
            }
        });
        activated.thenRunAsync(() -> {
            try {
                IgniteSetup.enableAutoAdjust(ignite, config);
                FullRebalance.enforce(ignite);
                onActive.run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        }, task -> DaemonThreads.start("botgrid-activation-" + config.nodeName(), task));
        if (ignite.cluster().state().active()) {
            activated.complete(null);
        }
    }

    /** Stops waiting for an activation (the node stops). */
    public void cancel() {
        activated.cancel(false);
        if (rejoin != null) {
            rejoin.close();
        }
        lostPartitions.close();
        baselineCatchUp.close();
    }

    /** The discovery port this node actually bound. */
    public int discoveryPort() {
        return ((TcpDiscoverySpi) ignite.configuration().getDiscoverySpi()).getLocalPort();
    }

    /** Leaves the cluster gracefully: the node's copies stay as current as the others', so it may keep them. */
    public void leave() {
        stop(config.nodeName(), false);
        if (config.haltOnCriticalFailure()) {
            StaleCopies.stoppedCleanly(config);
        }
    }

    /**
     * Dies as a crashed process would: stops answering discovery and communication first, so the others see a
     * failure rather than a leave, then stops Ignite without waiting for anything.
     */
    @SuppressWarnings("deprecation") // Ignite's failure simulation is deprecated but is what a crash test needs
    public void crash() {
        // The simulation ends Ignite's discovery worker, which Ignite reports as a critical failure with a thread dump
        // of every thread (over a thousand log lines per simulated crash). It is the crash asked for, not a failure:
        // have the failure handler ignore it (one warning line), as it would be ignored by stopping anyway.
        if (ignite.configuration().getFailureHandler() instanceof AbstractFailureHandler handler) {
            handler.setIgnoredFailureTypes(EnumSet.allOf(FailureType.class));
        }
        try {
            ((TcpDiscoverySpi) ignite.configuration().getDiscoverySpi()).simulateNodeFailure();
            ((TcpCommunicationSpi) ignite.configuration().getCommunicationSpi()).simulateNodeFailure();
        } catch (RuntimeException e) {
            LOG.debug("Failure simulation of {}: {}", config.nodeName(), e.getMessage());
        }
        stop(config.nodeName(), true);
    }

    /** Stops the named Ignite node, if it runs; {@code cancel}: without waiting for its jobs. */
    public static void stop(String nodeName, boolean cancel) {
        try {
            Ignition.stop(nodeName, cancel);
        } catch (RuntimeException e) {
            LOG.warn("Ignite of {} did not stop cleanly: {}", nodeName, e.toString());
        }
    }
}
