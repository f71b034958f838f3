package io.botgrid.bench;

import io.botgrid.node.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What differs between the nodes of a benchmark cluster, as {@code key=value} arguments so that a child node process
 * builds exactly the same {@link NodeConfig} as the driver's own node.
 *
 * @param name node name (also the Ignite consistent id)
 * @param dataDir the node's data folder
 * @param discoveryPort first discovery port of the cluster's range
 * @param communicationPort first communication port of the cluster's range
 * @param walMode WAL mode
 * @param transport remote transport
 * @param dataRegionMb off-heap data region size
 * @param journalMaxInFlight group-commit journal writes outstanding at once per node (0: the node default)
 * @param haltOnCriticalFailure whether a critical Ignite failure halts the JVM (child processes) or only stops the
 *     node (the driver's own node, so the driver can still report and clean up)
 * @param baselineAutoAdjust the baseline auto-adjust timeout (zero: the baseline follows every topology change at
 *     once, so a benchmark cluster forms without waiting)
 */
record BenchNodeConfig(String name, Path dataDir, int discoveryPort, int communicationPort, NodeConfig.WalMode walMode,
                       Transport transport, int dataRegionMb, int journalMaxInFlight,
                       boolean haltOnCriticalFailure, Duration baselineAutoAdjust) {
    /** A node whose baseline follows every topology change at once. */
    BenchNodeConfig(String name, Path dataDir, int discoveryPort, int communicationPort, NodeConfig.WalMode walMode,
                    Transport transport, int dataRegionMb, int journalMaxInFlight, boolean haltOnCriticalFailure) {
        this(name, dataDir, discoveryPort, communicationPort, walMode, transport, dataRegionMb, journalMaxInFlight,
                haltOnCriticalFailure, Duration.ZERO);
    }

    /** Ports tried above the first discovery and communication port. */
    static final int PORT_RANGE = 9;

    /** First port of a free range for a cluster: discovery ports from there, communication ports right above. */
    static int freePorts() {
        return Ports.freeRange(2 * (PORT_RANGE + 1));
    }

    /** The node configuration: defaults, plus what a benchmark cluster needs to form at once and stop quickly. */
    NodeConfig toNodeConfig() {
        NodeConfig.Builder b = NodeConfig.builder()
                .nodeName(name)
                .dataDir(dataDir)
                .host("127.0.0.1")
                .discoveryPort(discoveryPort)
                .communicationPort(communicationPort)
                .portRange(PORT_RANGE)
                .seeds(List.of("127.0.0.1:" + discoveryPort + ".." + (discoveryPort + PORT_RANGE)))
                .walMode(walMode)
                .dataRegionSizeMb(dataRegionMb)
                .baselineAutoAdjust(baselineAutoAdjust)
                .stopTimeout(Duration.ofSeconds(5))
                .haltOnCriticalFailure(haltOnCriticalFailure)
                .grpcPort(0) // several nodes per machine: let each front pick a free port
                .endpointPort(0)
                .metricsPort(0)
                .consolePort(-1);
        BenchInternals.transport(b, transport);
        if (journalMaxInFlight > 0) {
            b.journalMaxInFlight(journalMaxInFlight);
        }
        return b.build();
    }

    List<String> toArgs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("dataDir", dataDir.toAbsolutePath().toString());
        m.put("discoveryPort", String.valueOf(discoveryPort));
        m.put("communicationPort", String.valueOf(communicationPort));
        m.put("walMode", walMode.name());
        m.put("transport", transport.name());
        m.put("dataRegionMb", String.valueOf(dataRegionMb));
        m.put("journalMaxInFlight", String.valueOf(journalMaxInFlight));
        m.put("haltOnCriticalFailure", String.valueOf(haltOnCriticalFailure));
        m.put("baselineAutoAdjustMs", String.valueOf(baselineAutoAdjust.toMillis()));
        return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    static BenchNodeConfig fromArgs(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + a + "'");
            }
            m.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return new BenchNodeConfig(get(m, "name"), Path.of(get(m, "dataDir")),
                Integer.parseInt(get(m, "discoveryPort")), Integer.parseInt(get(m, "communicationPort")),
                NodeConfig.WalMode.valueOf(get(m, "walMode")), Transport.valueOf(get(m, "transport")),
                Integer.parseInt(get(m, "dataRegionMb")), Integer.parseInt(get(m, "journalMaxInFlight")),
                Boolean.parseBoolean(get(m, "haltOnCriticalFailure")),
                Duration.ofMillis(Long.parseLong(get(m, "baselineAutoAdjustMs"))));
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return v;
    }
}
