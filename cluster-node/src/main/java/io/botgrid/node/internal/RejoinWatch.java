package io.botgrid.node.internal;

import io.botgrid.actor.internal.MajorityFence;
import io.botgrid.node.StorageConfig;
import io.botgrid.util.DaemonThreads;
import io.botgrid.util.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.spi.discovery.tcp.internal.TcpDiscoveryNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a node that was cut off back into its cluster. Ignite 2 never merges two clusters: after a network split
 * heals, the side that lost the others stays a cluster of its own for ever, and a node frozen longer than the failure
 * detection timeout is told on resuming that it was dropped (segmentation). Both are ended the same way: the node
 * process exits with {@link #REJOIN_EXIT_CODE}, its launcher starts it again at once, and the new node joins the
 * cluster the others kept; its partitions, which were fenced while it was cut off, are brought up to date from the
 * others by Ignite's rebalancing (its stale copies are replaced, never merged into the others).
 *
 * <p>This watch covers the split case. Every second it asks the {@link MajorityFence} whether this side holds a
 * strict majority of the baseline; a node that does not probes the discovery port of every seed outside its topology; if one
 * answers for {@link #SUSTAINED_NANOS} in a row, the network is back but the clusters are two. The side that holds no
 * majority then exits, except one exact half that holds the baseline's lowest consistent id (the tie-break of a 2+2
 * split, so that one half stays and the other joins it). A node that merely starts next to this one joins within the
 * sustained window and never triggers it.
 */
public final class RejoinWatch implements AutoCloseable {
    /** Exit code asking the launcher ({@code bin/botgrid}, the systemd unit) to start the node again. */
    public static final int REJOIN_EXIT_CODE = 75;
    private static final Logger LOG = LoggerFactory.getLogger(RejoinWatch.class);
    private static final long SUSTAINED_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int PROBE_TIMEOUT_MILLIS = 300;

    private final Ignite ignite;
    private final StorageConfig config;
    private final Ticker ticker;
    private final IntConsumer exit;
    private final List<InetSocketAddress> seeds;
    private volatile boolean running = true;
    private volatile DaemonThreads.Repeating rounds = () -> { };
    private long reachableSince = -1;

    RejoinWatch(Ignite ignite, StorageConfig config, Ticker ticker, IntConsumer exit) {
        this.ignite = ignite;
        this.config = config;
        this.ticker = ticker;
        this.exit = exit;
        this.seeds = seedAddresses(config);
    }

    /** Starts watching on a daemon thread of its own; the node process exits through {@code Runtime.halt}. */
    public static RejoinWatch start(Ignite ignite, StorageConfig config) {
        RejoinWatch watch = new RejoinWatch(ignite, config, Ticker.system(), code -> Runtime.getRuntime().halt(code));
        watch.rounds = DaemonThreads.every("botgrid-rejoin-watch-" + config.nodeName(), Duration.ofSeconds(1),
                watch::check);
        return watch;
    }

    /** One check; exits through {@code exit} when this node should start again. */
    void check() {
        Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
        if (baseline == null || baseline.isEmpty()) {
            reachableSince = -1;
            return;
        }
        Set<String> members = new HashSet<>();
        Set<InetSocketAddress> inTopology = new HashSet<>();
        for (ClusterNode n : ignite.cluster().forServers().nodes()) {
            members.add(String.valueOf(n.consistentId()));
            if (n instanceof TcpDiscoveryNode d) {
                for (String host : d.addresses()) {
                    inTopology.add(new InetSocketAddress(host, d.discoveryPort()));
                }
            }
        }
        List<String> baselineIds = baseline.stream().map(b -> String.valueOf(b.consistentId())).sorted().toList();
        // The fence counts against the last baseline seen from a majority, so a cut-off side whose baseline shrank
        // to itself still knows it is a minority.
        MajorityFence.Status quorum = MajorityFence.of(ignite).current(ignite);
        long present = quorum.reachable();
        boolean majority = quorum.inMajority();
        boolean keptHalf = present * 2 == quorum.baseline() && members.contains(baselineIds.get(0));
        if (majority || keptHalf || !running) {
            reachableSince = -1;
            return;
        }
        Optional<InetSocketAddress> outside = seeds.stream().filter(s -> !inTopology.contains(s))
                .filter(RejoinWatch::answers).findFirst();
        if (outside.isEmpty()) {
            reachableSince = -1;
            return;
        }
        long now = ticker.nanoTime();
        if (reachableSince < 0) {
            reachableSince = now;
            LOG.warn("Node {} sees {} of {} baseline nodes and {} answers outside its cluster: the split seems "
                    + "healed; rejoining unless that changes", config.nodeName(), present, quorum.baseline(),
                    outside.get());
        } else if (now - reachableSince >= SUSTAINED_NANOS) {
            LOG.warn("Node {} was cut off from the majority of its cluster and the network is back: exiting with "
                    + "code {} so that its launcher starts it again and it rejoins", config.nodeName(),
                    REJOIN_EXIT_CODE);
            running = false;
            exit.accept(REJOIN_EXIT_CODE);
        }
    }

    private static boolean answers(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, PROBE_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Every discovery address the seeds name (a {@code host:from..to} range gives each port). This node's own address
     * needs no special case: the node is in its own topology, whose addresses are never probed.
     */
    private static List<InetSocketAddress> seedAddresses(StorageConfig c) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String seed : c.seeds()) {
            int colon = seed.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            String host = seed.substring(0, colon);
            String ports = seed.substring(colon + 1);
            int range = ports.indexOf("..");
            int from = Integer.parseInt(range < 0 ? ports : ports.substring(0, range));
            int to = range < 0 ? from : Integer.parseInt(ports.substring(range + 2));
            for (int port = from; port <= to; port++) {
                out.add(new InetSocketAddress(host, port));
            }
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        rounds.close();
    }
}
