package io.botgrid.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.it.LedgerTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.ClusterTlsConfig;
import io.botgrid.node.NodeConfig;
import io.botgrid.testkit.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS between nodes: real nodes on 127.0.0.1 with key stores made by the JDK's keytool. Nodes with the cluster's
 * certificate form the cluster and serve across it; a process with a certificate of its own (even one that trusts
 * the cluster) or with no TLS at all does not get in; a wrong password stops the node with a clear message.
 */
class ClusterTlsTest {
    private static final String PASSWORD = "test-only-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path certs;

    @Test
    @Timeout(180)
    void onlyNodesWithTheClustersCertificateJoin() throws Exception {
        KeyTool keytool = new KeyTool(certs, PASSWORD);
        Path clusterKey = keytool.keyPair("cluster");
        Path intruderKey = keytool.keyPair("intruder");
        ClusterTlsConfig tls = new ClusterTlsConfig(clusterKey, keytool.trustStore("cluster", clusterKey),
                keytool.passwordFile());
        // The intruder trusts the cluster and presents a certificate of its own: the cluster must refuse it.
        ClusterTlsConfig foreign = new ClusterTlsConfig(intruderKey,
                keytool.trustStore("intruder", clusterKey, intruderKey), keytool.passwordFile());

        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(new LedgerTypes().get())
                .configure(b -> b.clusterTls(tls)).start()) {
            assertThat(cluster.node(0).clusterNodes()).hasSize(2);
            ActorId id = ActorId.of("ledger", "tls");
            for (int i = 0; i < 20; i++) { // whichever node owns it, calls cross the TLS link from the other
                cluster.node(i % 2).actors().<StringValue>ask(id, StringValue.of("append:" + i)).join();
            }
            assertThat(cluster.node(1).actors().<StringValue>ask(id, StringValue.of("count")).join().getValue())
                    .isEqualTo("20");

            assertDoesNotJoin(cluster, cluster.configFor(5).toBuilder().nodeName("intruder-cert")
                    .clusterTls(foreign).build());
            assertDoesNotJoin(cluster, cluster.configFor(6).toBuilder().nodeName("intruder-plain")
                    .clusterTls(null).build());

            // The same process setup with the cluster's certificate does join: the refusals were the certificates.
            cluster.startNode(2);
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.node(0).clusterNodes().size() == 3);
        }
    }

    private static void assertDoesNotJoin(TestCluster cluster, NodeConfig intruder) {
        BotgridNode started = null;
        try {
            started = BotgridNode.builder().config(intruder).start();
            // Refused by every cluster node, it can only be a cluster of its own.
            assertThat(started.clusterNodes()).containsExactly(intruder.nodeName());
        } catch (RuntimeException refused) {
            // refused at join: as good
        } finally {
            if (started != null) {
                started.close();
            }
        }
        assertThat(cluster.node(0).clusterNodes()).as("cluster members after %s tried", intruder.nodeName())
                .doesNotContain(intruder.nodeName()).hasSize(2);
        assertThat(cluster.node(1).clusterNodes()).hasSize(2);
    }

    @Test
    void aWrongPasswordOrAMissingStoreStopsTheNodeWithAClearMessage() throws Exception {
        KeyTool keytool = new KeyTool(certs, PASSWORD);
        Path key = keytool.keyPair("node");
        Path trust = keytool.trustStore("node", key);
        Path wrong = Files.writeString(certs.resolve("wrong"), "not-the-password\n");
        NodeConfig base = NodeConfig.builder().nodeName("tls-bad").dataDir(certs.resolve("data"))
                .grpcEnabled(false).metricsPort(-1).consolePort(0).endpointPort(0).haltOnCriticalFailure(false).build();

        assertThatThrownBy(() -> BotgridNode.builder().config(base.toBuilder()
                .clusterTls(new ClusterTlsConfig(key, trust, wrong)).build()).start())
                .hasStackTraceContaining("clusterTls.keyStore " + key + " cannot be opened: wrong password")
                .satisfies(e -> assertThat(stackOf(e)).doesNotContain("not-the-password"));
        assertThatThrownBy(() -> BotgridNode.builder().config(base.toBuilder()
                .clusterTls(new ClusterTlsConfig(certs.resolve("missing.p12"), trust, wrong)).build()).start())
                .hasStackTraceContaining("missing.p12 does not exist");
        assertThatThrownBy(() -> BotgridNode.builder().config(base.toBuilder()
                .clusterTls(new ClusterTlsConfig(trust, trust, keytool.passwordFile())).build()).start())
                .hasStackTraceContaining("holds no private key");
    }

    private static String stackOf(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
