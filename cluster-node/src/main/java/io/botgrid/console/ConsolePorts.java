package io.botgrid.console;

import io.botgrid.actor.JournalReader;
import io.botgrid.audit.AuditLog;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.bots.plugins.PluginCatalog;
import io.botgrid.cluster.ClusterAdmin;
import io.botgrid.workers.cluster.WorkerCluster;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the console needs of its node, the same ports the gRPC front gets (see {@code io.botgrid.grpc.FrontPorts}), so
 * the console re-implements nothing: bots go through the bot platform, nodes and placement through the cluster admin
 * port, chains through the workers, events through the journal reader.
 *
 * @param nodeName the node's name, for threads, titles and audit entries
 * @param bots the bot platform, looked up per request; throws {@link IllegalStateException} while it is off or not
 *     started, which the console answers 503
 * @param cluster the cluster administration port
 * @param workers workers across the cluster, looked up per request (throws {@link IllegalStateException} until ready)
 * @param journal reads actors' persisted events
 * @param audit where sign-ins and changes are recorded, as the gRPC front records its management calls
 * @param metrics the node's own metrics registry, read for the charts of key rates
 * @param plugins the handler plugins deployed to the cluster, looked up per request (throws
 *     {@link IllegalStateException} until the node's plugins are started, which the console answers 503)
 */
public record ConsolePorts(String nodeName, Supplier<BotsApi> bots, ClusterAdmin cluster,
                           Supplier<WorkerCluster> workers, JournalReader journal, AuditLog audit,
                           PrometheusRegistry metrics, Supplier<PluginCatalog> plugins) {
    /** Checks that every port is there. */
    public ConsolePorts {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(bots, "bots");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(plugins, "plugins");
    }
}
