package io.botgrid.grpc;

import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.JournalReplica;
import io.botgrid.actor.JournalReader;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.cluster.ClusterAdmin;
import io.botgrid.cluster.RegionAdmin;
import io.botgrid.registry.Registry;
import io.botgrid.workers.cluster.WorkerCluster;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the gRPC front needs of its node, as narrow ports rather than the node itself: the front depends on the
 * public actor, bots and cluster packages only, and the node (the composition root) hands it these.
 *
 * @param nodeName the node's name, for thread names, log lines and error messages
 * @param actors calls actors (fails with {@code ClusterUnavailableException} until the runtime is ready)
 * @param types the actor types the node hosts, with their API exposure
 * @param journal reads actors' persisted events, for {@code FollowEvents}
 * @param bots the bot platform, looked up per call; throws {@link IllegalStateException} while it is off or not
 *     started, which the front answers UNAVAILABLE
 * @param cluster the cluster administration port, for {@code ClusterService}
 * @param workers workers across the cluster, looked up per call; throws {@link IllegalStateException} until the node
 *     is ready, which the front answers UNAVAILABLE
 * @param registry the cluster-wide registry of names, for {@code WorkerService} lookups
 * @param replica the standby side of replication between regions, for {@code ReplicationService}, looked up per
 *     call; throws {@link IllegalStateException} until the node is ready, which the front answers UNAVAILABLE
 * @param regions the region's role (promote, demote), looked up per call like {@code replica}
 * @param rateLimiter the rate limits per client and per bot ({@code RateLimiter.unlimited()} for none)
 * @param audit the audit log: the front records management actions and refused calls in it, and reads it for
 *     {@code ListAuditEntries}
 * @param plugins the handler plugins deployed to the cluster, looked up per call; throws
 *     {@link IllegalStateException} until the node is ready, which the front answers UNAVAILABLE
 * @param specReplica the standby side of the worker specs' replication, looked up per call like {@code replica}
 */
public record FrontPorts(String nodeName, ActorClient actors, ActorTypes types, JournalReader journal,
                         Supplier<BotsApi> bots, ClusterAdmin cluster, Supplier<WorkerCluster> workers,
                         Registry registry, Supplier<JournalReplica> replica, Supplier<RegionAdmin> regions,
                         io.botgrid.ratelimit.RateLimiter rateLimiter, io.botgrid.audit.AuditLog audit,
                         Supplier<io.botgrid.bots.plugins.PluginCatalog> plugins,
                         Supplier<io.botgrid.workers.cluster.SpecReplica> specReplica) {

    /** Checks that every port is there. */
    public FrontPorts {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(actors, "actors");
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(bots, "bots");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(regions, "regions");
        Objects.requireNonNull(rateLimiter, "rateLimiter");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(plugins, "plugins");
        Objects.requireNonNull(specReplica, "specReplica");
    }
}
