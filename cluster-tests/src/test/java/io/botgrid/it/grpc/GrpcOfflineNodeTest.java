package io.botgrid.it.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.botgrid.cli.BotgridCli;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ListNodesRequest;
import io.botgrid.proto.v1.NodeInfo;
import io.botgrid.proto.v1.NodeState;
import io.botgrid.testkit.TestCluster;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * A persistent cluster of 2 nodes holding actors, joined by a third: the join rebalances partitions with data (Ignite
 * logs "Completed rebalance chain" at INFO without checking the level), with Ignite's log at WARN as in production
 * and captured; then a node stops while the baseline keeps it, and ListNodes (and {@code botgrid
 * cluster nodes}) list it as offline, with since when.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrpcOfflineNodeTest {
    private static final Logger IGNITE_LOG = (Logger) LoggerFactory.getLogger("org.apache.ignite");
    private static final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private static Level levelBefore;
    private static TestCluster cluster;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        levelBefore = IGNITE_LOG.getLevel();
        IGNITE_LOG.setLevel(Level.WARN); // the level of config/logback.xml of a node
        captured.start();
        IGNITE_LOG.addAppender(captured);
        cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes()).start();
        channel = GrpcTestSupport.plaintext(cluster.node(0));
        for (int i = 0; i < 40; i++) { // data, so that the third node's join moves partitions that hold some
            ActorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .call(GrpcTestSupport.call("filled-" + i, "append:x"));
        }
        cluster.startNode(2);
        cluster.awaitStable();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            GrpcTestSupport.close(List.of(channel));
        } finally {
            cluster.close();
            IGNITE_LOG.detachAppender(captured);
            IGNITE_LOG.setLevel(levelBefore);
        }
    }

    @Test
    @Order(1)
    void rebalanceDoesNotWarnAboutUncheckedInfoLogging() {
        assertThat(cluster.node(0).ignite().cluster().currentBaselineTopology()).as("joins changed the baseline")
                .hasSize(3);
        List<String> warnings = List.copyOf(captured.list).stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("without checking if")).toList();
        assertThat(warnings).isEmpty();
    }

    @Test
    @Order(2)
    void listNodesShowsAStoppedBaselineNodeAsOfflineWithSinceWhen() {
        cluster.node(0).ignite().cluster().baselineAutoAdjustEnabled(false); // keep node-2 a data node when it stops
        Instant beforeStop = Instant.now();
        cluster.stopNode(2);

        List<NodeInfo> nodes = await().atMost(Duration.ofSeconds(20)).until(() -> ClusterServiceGrpc
                .newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .listNodes(ListNodesRequest.getDefaultInstance()).getNodesList(), l -> l.size() == 3
                && l.get(2).getState() == NodeState.NODE_STATE_OFFLINE);
        Instant listed = Instant.now();
        assertThat(nodes).extracting(NodeInfo::getId, NodeInfo::getState).containsExactly(
                org.assertj.core.groups.Tuple.tuple("node-0", NodeState.NODE_STATE_SERVING),
                org.assertj.core.groups.Tuple.tuple("node-1", NodeState.NODE_STATE_SERVING),
                org.assertj.core.groups.Tuple.tuple("node-2", NodeState.NODE_STATE_OFFLINE));
        NodeInfo offline = nodes.get(2);
        assertThat(offline.hasOfflineSince()).isTrue();
        Instant since = Instant.ofEpochSecond(offline.getOfflineSince().getSeconds(),
                offline.getOfflineSince().getNanos());
        assertThat(since).as("when node-0 saw it leave").isBetween(beforeStop, listed);
        assertThat(offline.getActorCount()).isZero();
        assertThat(nodes.get(0).hasOfflineSince()).isFalse();

        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BotgridCli());
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute("cluster", "nodes", "-e", "127.0.0.1:" + cluster.node(0).grpcPort());
        assertThat(exit).isZero();
        assertThat(out.toString().lines().filter(l -> l.startsWith("node-2")).findFirst()).get().asString()
                .contains("OFFLINE").contains("offline since " + since.truncatedTo(java.time.temporal.ChronoUnit
                        .SECONDS));
    }
}
