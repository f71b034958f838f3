package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.StringValue;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.JournalReader;
import io.botgrid.client.BotQuery;
import io.botgrid.client.BotSpec;
import io.botgrid.client.BotState;
import io.botgrid.client.BotUpdate;
import io.botgrid.client.BotView;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.PageRequest;
import io.botgrid.client.SessionRef;
import io.botgrid.client.SessionSummary;
import io.botgrid.proto.v1.ApplyRequest;
import io.botgrid.proto.v1.ReplicatedSnapshot;
import io.botgrid.proto.v1.ReplicatedSpec;
import io.botgrid.proto.v1.ReplicationServiceGrpc;
import io.botgrid.proto.v1.SnapshotRecord;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.proto.v1.StandaloneSpec;
import io.botgrid.proto.v1.StoredSpec;
import io.botgrid.proto.v1.WorkerFunction;
import io.botgrid.proto.v1.WorkerSpec;
import io.botgrid.testkit.TestCluster;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a promoted region holds besides the journals it was shipped: two clusters in one JVM, region "eu" shipping
 * to its standby "us" over us's gRPC front. Bots created and changed in eu are listed in us, with their current
 * configuration, once us is promoted (the bot index is derived, replication does not write it), and so are their
 * sessions; worker specs
 * declared (and removed) in eu are shipped, kept apart and run in us only once it is promoted; an actor's latest
 * snapshot is shipped after the records it covers, and the actor recovers from it in us.
 */
class RegionShipmentTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    @Timeout(120)
    void thePromotedRegionListsTheHomeRegionsBotsAndRunsItsWorkerSpecs() throws Exception {
        int standbyPort = freePort();
        int sourcePort = freePort();
        try (TestCluster us = TestCluster.builder().nodes(1).namePrefix("us").actorTypes(new LedgerTypes().get())
                .configure(c -> c.region("us").grpcPort(standbyPort)).start();
             TestCluster eu = TestCluster.builder().nodes(1).namePrefix("eu").actorTypes(new LedgerTypes().get())
                     .configure(c -> c.region("eu").grpcPort(sourcePort)
                             .standbyEndpoints(List.of("127.0.0.1:" + standbyPort))).start();
             BotgridClient client = BotgridClient.builder()
                     .region("eu", "127.0.0.1:" + sourcePort).region("us", "127.0.0.1:" + standbyPort)
                     .preferredRegion("eu").homeRegions((type, key) -> "eu").build()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String id = "shipped-" + i;
                ids.add(id);
                client.bots().create(BotSpec.of("Bot " + i, "echo").withId(id)).join();
            }
            client.bots().update(BotUpdate.of("shipped-1").withName("Renamed in eu")).join();
            client.bots().pause("shipped-2").join();
            Map<String, String> inEu = listed(client);
            assertThat(inEu).containsEntry("shipped-1", "Renamed in eu/ACTIVE/2")
                    .containsEntry("shipped-2", "Bot 2/PAUSED/2").containsEntry("shipped-3", "Bot 3/ACTIVE/1");
            client.workers().declareBlocking(solo("shipped-solo"));
            client.workers().declareBlocking(solo("shipped-gone"));
            assertThat(client.workers().removeBlocking("shipped-gone")).isEqualTo(2);
            ActorId snapped = ActorId.of(LedgerTypes.SNAPSHOTTED, "shipped");
            for (int n = 0; n < 12; n++) { // a snapshot every 5 events: the latest at #10
                eu.client().<StringValue>ask(snapped, cmd("append:s" + n)).join();
            }
            client.conversations().send(ConversationRef.of("shipped-0", "conv-1", "user-1"), "hello").join();
            client.conversations().send(ConversationRef.of("shipped-3", "conv-2", "user-2"), "hi").join();
            List<String> sessionsInEu = sessions(client);
            assertThat(sessionsInEu).hasSize(2);
            List<ActorId> shippedActors = new ArrayList<>(ids.stream().map(id -> ActorId.of("bot", id)).toList());
            for (String id : ids) {
                for (SessionSummary s : client.conversations().sessions(id, PageRequest.FIRST).join().items()) {
                    SessionRef ref = s.session();
                    shippedActors.add(ActorId.of("session", String.join("|", ref.botId(), ref.platform(),
                            ref.team(), ref.conversation())));
                }
            }
            shippedActors.add(snapped);
            awaitShipped(eu, us, shippedActors);
            IgniteCache<String, byte[]> snapshotsInUs = us.node(0).ignite().cache("botgrid-snapshots");
            await().atMost(BOUND).untilAsserted(() -> assertThat(snapshotsInUs.get(snapped.asString()))
                    .as("the latest snapshot, shipped after its records").isNotNull()
                    .isEqualTo(eu.node(0).ignite().<String, byte[]>cache("botgrid-snapshots")
                            .get(snapped.asString())));
            assertThat(SnapshotRecord.parseFrom(snapshotsInUs.get(snapped.asString())).getSeq()).isEqualTo(10);
            IgniteCache<String, byte[]> keptInUs = us.node(0).ignite().cache("botgrid-worker-specs-replicated");
            await().atMost(BOUND).untilAsserted(() -> {
                assertThat(keptInUs.get("shipped-solo")).as("shipped spec").isNotNull();
                assertThat(StoredSpec.parseFrom(keptInUs.get("shipped-gone")).getRemoved()).as("shipped removal")
                        .isTrue();
            });
            assertThat(us.node(0).workerCluster().specs()).as("a standby runs none of its home's workers")
                    .isEmpty();
            assertThat(us.node(0).bots().listBots(io.botgrid.proto.v1.ListBotsRequest.getDefaultInstance()).join()
                    .getBotsList()).as("a standby's bot index is not written by replication").isEmpty();

            ManagedChannel channel = ManagedChannelBuilder.forTarget("127.0.0.1:" + standbyPort).usePlaintext()
                    .build();
            ReplicationServiceGrpc.ReplicationServiceBlockingStub standby = ReplicationServiceGrpc
                    .newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> standby.apply(ApplyRequest.newBuilder().setSourceRegion("eu")
                    .addSpecs(ReplicatedSpec.newBuilder().setId("broken")
                            .setStored(ByteString.copyFrom(new byte[] {0x0a, 0x7f}))).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription())
                                .startsWith("replicated worker spec 'broken' is not a stored spec");
                    });
            assertThatThrownBy(() -> standby.apply(ApplyRequest.newBuilder().setSourceRegion("eu")
                    .addSnapshots(ReplicatedSnapshot.newBuilder().setActor("no-type")
                            .setSnapshot(SnapshotRecord.newBuilder().setSeq(1).build().toByteString())).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription())
                                .isEqualTo("replicated snapshot has no actor 'type/key': 'no-type'");
                    });

            eu.killNode(0); // region eu lost: us is promoted, and lists eu's bots as they were
            assertThat(client.cluster().promoteRegion("us").join()).isEqualTo("promoted:eu");
            await().atMost(BOUND).untilAsserted(() -> assertThat(listed(client)).isEqualTo(inEu));
            await().atMost(BOUND).untilAsserted(() -> assertThat(sessions(client)).isEqualTo(sessionsInEu));
            // the promoted region refuses eu's specs and snapshots as it refuses its records: eu is fenced by it
            ApplyRequest late = ApplyRequest.newBuilder().setSourceRegion("eu").addSpecs(ReplicatedSpec.newBuilder()
                    .setId("late").setStored(StoredSpec.newBuilder().setVersion(9).setSpec(solo("late")).build()
                            .toByteString())).build();
            assertThatThrownBy(() -> ReplicationServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).apply(late))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription()).startsWith("fenced by region us");
                    });
            assertThat(us.node(0).workerCluster().spec("late")).isEmpty();
            channel.shutdownNow();
            assertThat(us.client().<StringValue>ask(snapped, cmd("count")).join().getValue())
                    .as("recovered in us from the shipped snapshot and the two events after it").isEqualTo("12");
            assertThat(us.node(0).workerCluster().specs()).extracting(r -> r.spec().id() + "@" + r.version())
                    .containsExactly("shipped-solo@1");
            await().atMost(BOUND).untilAsserted(() -> assertThat(us.node(0).workerCluster()
                    .status(Optional.of("shipped-solo")).join()).singleElement()
                    .extracting(SpecStatus::getState).isEqualTo("running"));
        }
    }

    private static WorkerSpec solo(String id) {
        return WorkerSpec.newBuilder().setId(id).setStandalone(StandaloneSpec.newBuilder()
                .setWorker(WorkerFunction.newBuilder().setFunction("echo"))).build();
    }

    /** The sessions of the test's bots (through the SDK), as "bot/conversation/user/state". */
    private static List<String> sessions(BotgridClient client) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (SessionSummary s : client.conversations().sessions("shipped-" + i, PageRequest.FIRST).join()
                    .items()) {
                out.add(s.session().botId() + "/" + s.session().conversation() + "/" + s.userId() + "/" + s.state());
            }
        }
        return out;
    }

    /** Every bot listed through the SDK (the home region, else the other), as "name/state/version". */
    private static Map<String, String> listed(BotgridClient client) {
        return client.bots().list(BotQuery.all()).join().items().stream().collect(Collectors.toMap(BotView::id,
                b -> b.name() + "/" + b.state() + "/" + b.version(), (x, y) -> x, TreeMap::new));
    }

    /** Within {@link #BOUND}, each actor's journal in {@code to} has as many records as in {@code from}. */
    private static void awaitShipped(TestCluster from, TestCluster to, List<ActorId> actors) {
        JournalReader source = from.node(0).events();
        JournalReader standby = to.node(0).events();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (ActorId id : actors) {
                assertThat(standby.read(id, 1, 1_000)).as("standby journal of %s", id)
                        .hasSameSizeAs(source.read(id, 1, 1_000));
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
