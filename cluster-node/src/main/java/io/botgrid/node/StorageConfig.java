package io.botgrid.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a node's storage and cluster membership: what Ignite is started with (discovery, communication,
 * native persistence, the actor caches' partitions and backups, failure handling). The node's business, since it is
 * the node that runs Ignite; taken from {@link NodeConfig}, where each key is documented with its default.
 *
 * @param nodeName the node's name, also its Ignite instance name and consistent id
 * @param dataDir where the node keeps its data
 * @param host address to bind and advertise
 * @param discoveryPort first port of Ignite discovery
 * @param communicationPort first port of Ignite communication
 * @param portRange how many ports above the first ones may be tried
 * @param seeds discovery addresses of other nodes
 * @param region region attribute of the node
 * @param zone zone attribute of the node
 * @param zoneAwareBackups keep an actor's backup in another zone than its owner
 * @param backups backup copies of every actor's data
 * @param partitions partitions of the actor data
 * @param walMode Ignite WAL mode
 * @param dataRegionSizeMb off-heap memory for actor data, MiB
 * @param failureDetectionTimeout how long a silent node takes to be declared dead
 * @param baselineAutoAdjust delay before the set of data-holding nodes follows a join or leave
 * @param haltOnCriticalFailure halt the JVM (not only the node) on a critical Ignite failure
 * @param publicThreads threads of Ignite's public pool (the compute transport holds one per call in flight)
 * @param kubernetesService discover the other nodes as the pods of this Kubernetes headless service instead of
 *     through {@code seeds}; null: through {@code seeds}
 * @param kubernetesNamespace the namespace of {@code kubernetesService}
 * @param clusterTls TLS between nodes, or null for plaintext
 * @param encryption encryption at rest of the persistent caches, or null for none
 */
public record StorageConfig(String nodeName, Path dataDir, String host, int discoveryPort, int communicationPort,
                            int portRange, List<String> seeds, String region, String zone, boolean zoneAwareBackups,
                            int backups, int partitions, NodeConfig.WalMode walMode, int dataRegionSizeMb,
                            Duration failureDetectionTimeout, Duration baselineAutoAdjust,
                            boolean haltOnCriticalFailure, int publicThreads, String kubernetesService,
                            String kubernetesNamespace, ClusterTlsConfig clusterTls, EncryptionConfig encryption) {

    /** Copies the seeds; {@link NodeConfig} has checked the ranges. */
    public StorageConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(dataDir, "dataDir");
        seeds = List.copyOf(seeds);
    }

    /** Discovery through {@code seeds}, without TLS between nodes and without encryption at rest. */
    public StorageConfig(String nodeName, Path dataDir, String host, int discoveryPort, int communicationPort,
                         int portRange, List<String> seeds, String region, String zone, boolean zoneAwareBackups,
                         int backups, int partitions, NodeConfig.WalMode walMode, int dataRegionSizeMb,
                         Duration failureDetectionTimeout, Duration baselineAutoAdjust,
                         boolean haltOnCriticalFailure, int publicThreads) {
        this(nodeName, dataDir, host, discoveryPort, communicationPort, portRange, seeds, region, zone,
                zoneAwareBackups, backups, partitions, walMode, dataRegionSizeMb, failureDetectionTimeout,
                baselineAutoAdjust, haltOnCriticalFailure, publicThreads, null, null, null, null);
    }
}
