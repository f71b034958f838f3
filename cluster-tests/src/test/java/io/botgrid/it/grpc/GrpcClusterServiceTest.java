package io.botgrid.it.grpc;

import static io.botgrid.it.grpc.GrpcTestSupport.LEDGER;
import static io.botgrid.it.grpc.GrpcTestSupport.call;
import static io.botgrid.it.grpc.GrpcTestSupport.failure;
import static io.botgrid.it.grpc.GrpcTestSupport.keyOwnedBy;
import static io.botgrid.it.grpc.GrpcTestSupport.unpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import io.botgrid.actor.ActorId;
import io.botgrid.it.ItSupport;
import io.botgrid.it.grpc.GrpcActorServiceTest.Follower;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.CallActorResponse;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ClusterServiceGrpc.ClusterServiceBlockingStub;
import io.botgrid.proto.v1.DrainNodeRequest;
import io.botgrid.proto.v1.FollowEventsRequest;
import io.botgrid.proto.v1.GetPlacementRequest;
import io.botgrid.proto.v1.ListNodesRequest;
import io.botgrid.proto.v1.NodeInfo;
import io.botgrid.proto.v1.NodeState;
import io.botgrid.proto.v1.Placement;
import io.botgrid.testkit.TestCluster;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code botgrid.v1.ClusterService}, health and reflection on a real 2-node cluster; last (the order matters),
 * draining a node while a call and a stream go through it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrpcClusterServiceTest {
    private static TestCluster cluster;
    private static final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.region("eu-west").zone("eu-west-b")).start();
        channels.add(GrpcTestSupport.plaintext(cluster.node(0)));
        channels.add(GrpcTestSupport.plaintext(cluster.node(1)));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            GrpcTestSupport.close(channels);
        } finally {
            cluster.close();
        }
    }

    private static ClusterServiceBlockingStub admin(int node) {
        return ClusterServiceGrpc.newBlockingStub(channels.get(node)).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void listNodesNamesEveryNodeWithItsGrpcAddressStateAndActors() {
        for (int i = 0; i < 30; i++) {
            ActorServiceGrpc.newBlockingStub(channels.get(0)).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .call(call("spread-" + i, "append:x"));
        }
        List<NodeInfo> nodes = admin(1).listNodes(ListNodesRequest.getDefaultInstance()).getNodesList();
        assertThat(nodes).extracting(NodeInfo::getId).containsExactly("node-0", "node-1");
        for (int i = 0; i < 2; i++) {
            NodeInfo n = nodes.get(i);
            assertThat(n.getAddress()).isEqualTo("127.0.0.1:" + cluster.node(i).grpcPort());
            assertThat(n.getRegion()).isEqualTo("eu-west");
            assertThat(n.getZone()).isEqualTo("eu-west-b");
            assertThat(n.getState()).isEqualTo(NodeState.NODE_STATE_SERVING);
            assertThat(n.getActorCount()).as(n.getId()).isEqualTo(cluster.node(i).activeActors()).isPositive();
        }
    }

    @Test
    @Order(2)
    void getPlacementNamesOwnerAndBackup() {
        for (String owner : List.of("node-0", "node-1")) {
            String key = keyOwnedBy(cluster.node(0), owner, "placed");
            Placement p = admin(0).getPlacement(GetPlacementRequest.newBuilder().setActorType(LEDGER)
                    .setActorKey(key).build());
            assertThat(p.getOwner()).isEqualTo(owner);
            assertThat(p.getBackupsList()).containsExactly(owner.equals("node-0") ? "node-1" : "node-0");
            assertThat(cluster.node(1).placement(ActorId.of(LEDGER, key))).containsExactly(p.getOwner(),
                    p.getBackups(0));
        }
        assertThat(failure(Status.Code.NOT_FOUND, () -> admin(0).getPlacement(GetPlacementRequest.newBuilder()
                .setActorType("nope").setActorKey("k").build())).getDescription()).contains("no actor type 'nope'");
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> admin(0).getPlacement(GetPlacementRequest.newBuilder()
                .setActorType(LEDGER).build())).getDescription()).contains("actor_key must not be empty");
    }

    @Test
    @Order(3)
    void healthAndReflectionAnswer() throws Exception {
        for (ManagedChannel channel : channels) {
            for (String service : List.of("", "botgrid.v1.ActorService", "botgrid.v1.ClusterService")) {
                assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
                        .as("health of '" + service + "'").isEqualTo(ServingStatus.SERVING);
            }
            assertThat(Reflection.listServices(channel)).contains("botgrid.v1.ActorService",
                    "botgrid.v1.ClusterService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");
            ServerReflectionResponse file = Reflection.fileContainingSymbol(channel, "botgrid.v1.ActorService");
            assertThat(file.getFileDescriptorResponse().getFileDescriptorProtoCount()).isPositive();
        }
        assertThat(failure(Status.Code.NOT_FOUND, () -> HealthGrpc.newBlockingStub(channels.get(0))
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("no.such.Service").build())));
    }

    @Test
    @Order(10)
    void drainRefusesUnknownNodesAndEmptyIds() {
        assertThat(failure(Status.Code.NOT_FOUND, () -> admin(0).drainNode(DrainNodeRequest.newBuilder()
                .setNodeId("node-9").build())).getDescription())
                .isEqualTo("no node 'node-9' in the cluster; nodes: [node-0, node-1]");
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> admin(0).drainNode(DrainNodeRequest
                .getDefaultInstance())).getDescription()).isEqualTo("node_id is required");
    }

    /**
     * Node-1 is drained through node-0 while a slow call and an event stream go through node-1: the call finishes,
     * the stream ends with UNAVAILABLE and where to resume, node-1 leaves, and node-0 holds everything.
     */
    @Test
    @Order(11)
    void drainStopsTheNodeGracefullyAndLeavesTheDataOnTheOthers() throws Exception {
        String key = keyOwnedBy(cluster.node(0), "node-0", "last-call");
        ActorServiceGrpc.newBlockingStub(channels.get(1)).withDeadlineAfter(20, TimeUnit.SECONDS)
                .call(call(key, "append:first"));
        Follower follower = new Follower();
        ActorServiceGrpc.newStub(channels.get(1)).followEvents(FollowEventsRequest.newBuilder()
                .setActorType(LEDGER).setActorKey(key).build(), follower);
        await().atMost(Duration.ofSeconds(10)).until(() -> follower.events.size() == 1);
        ListenableFuture<CallActorResponse> inFlight = ActorServiceGrpc.newFutureStub(channels.get(1))
                .withDeadlineAfter(20, TimeUnit.SECONDS).call(call(key, "sleep:1500"));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node(1).grpcServer().orElseThrow()
                .callsInFlight() == 1);

        assertThat(admin(0).withDeadlineAfter(60, TimeUnit.SECONDS).drainNode(DrainNodeRequest.newBuilder()
                .setNodeId("node-1").build()).getRemainingList()).containsExactly("node-0");

        assertThat(unpack(inFlight.get(20, TimeUnit.SECONDS).getReply())).as("the call in flight finished")
                .isEqualTo("slept");
        await().atMost(Duration.ofSeconds(10)).until(() -> follower.error.get() != null);
        Status ended = Status.fromThrowable(follower.error.get());
        assertThat(ended.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(ended.getDescription()).isEqualTo("node node-1 is stopping; follow ledger/" + key
                + " again from seq 2 through another node");
        // The others see node-1 leave a moment before its own stop returns: wait for the stop, bounded.
        cluster.node(1).whenStopped().get(20, TimeUnit.SECONDS);
        assertThat(cluster.node(0).ignite().cluster().currentBaselineTopology()).extracting(n -> n.consistentId())
                .containsExactly("node-0");
        assertThat(admin(0).listNodes(ListNodesRequest.getDefaultInstance()).getNodesList())
                .extracting(NodeInfo::getId, NodeInfo::getState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("node-0", NodeState.NODE_STATE_SERVING));
        assertThat(failure(Status.Code.UNAVAILABLE, () -> ActorServiceGrpc.newBlockingStub(channels.get(1))
                .withDeadlineAfter(5, TimeUnit.SECONDS).call(call(key, "count")))).as("node-1's front is gone")
                .isNotNull();
        assertThat(unpack(ActorServiceGrpc.newBlockingStub(channels.get(0)).withDeadlineAfter(20, TimeUnit.SECONDS)
                .call(call(key, "tags")).getReply())).as("nothing lost").isEqualTo("first");
        for (int i = 0; i < 30; i++) {
            assertThat(unpack(ActorServiceGrpc.newBlockingStub(channels.get(0)).withDeadlineAfter(20,
                    TimeUnit.SECONDS).call(call("spread-" + i, "count")).getReply())).isEqualTo("1");
        }
        assertThat(failure(Status.Code.FAILED_PRECONDITION, () -> admin(0).drainNode(DrainNodeRequest.newBuilder()
                .setNodeId("node-0").build())).getDescription())
                .isEqualTo("node node-0 is the last node holding data: draining it would leave the actors nowhere");
    }
}
