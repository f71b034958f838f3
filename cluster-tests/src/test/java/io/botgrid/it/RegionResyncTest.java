package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.ErrorCode;
import io.botgrid.proto.v1.JournalHead;
import io.botgrid.proto.v1.JournalHeadsRequest;
import io.botgrid.proto.v1.JournalHeadsResponse;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.proto.v1.RegionRoleRequest;
import io.botgrid.proto.v1.ReplicationServiceGrpc;
import io.botgrid.testkit.TestCluster;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.ignite.Ignite;
import org.apache.ignite.binary.BinaryObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Re-synchronisation of the old home after a failover: region "eu" ships to its standby "us"; us goes away, eu
 * writes records that are never shipped (and creates an actor us never hears of), eu is lost; us is promoted and
 * told at run time to ship to eu ({@code promoteRegion(us, eu's endpoints)}), and writes on for some of the same
 * actors. eu comes back fenced (it takes neither writes nor us's shipments), is demoted, and becomes a faithful copy
 * of us: the same records under the same sequence numbers, byte for byte; what eu wrote and never shipped is in its
 * diverged-records cache and counted; us's new writes keep arriving. Then eu is promoted back: its actors (one of
 * them live since before the re-synchronisation) go on from us's history without a gap, and us, fenced by that, is
 * demoted and re-synchronised in turn. Bad requests get precise statuses.
 */
class RegionResyncTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int SHIPPED = 3;
    private static final int UNSHIPPED = 2;

    @Test
    @Timeout(150)
    void aDemotedRegionBecomesACopyOfThePromotedOneAndKeepsWhatItNeverShippedAside() throws Exception {
        int usPort = freePort();
        int euPort = freePort();
        try (TestCluster us = TestCluster.builder().nodes(1).namePrefix("us").actorTypes(new LedgerTypes().get())
                .configure(c -> c.region("us").grpcPort(usPort)).start();
             TestCluster eu = TestCluster.builder().nodes(1).namePrefix("eu").actorTypes(new LedgerTypes().get())
                     .configure(c -> c.region("eu").grpcPort(euPort)
                             .standbyEndpoints(List.of("127.0.0.1:" + usPort))).start();
             BotgridClient client = BotgridClient.builder()
                     .region("eu", "127.0.0.1:" + euPort).region("us", "127.0.0.1:" + usPort)
                     .preferredRegion("eu").homeRegions((type, key) -> "eu").build()) {
            List<ActorId> actors = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                actors.add(ActorId.of(LedgerTypes.LEDGER, "resync-" + i));
            }
            ActorId onlyInEu = ActorId.of(LedgerTypes.LEDGER, "resync-only-eu");
            write(eu, actors, "shipped", SHIPPED);
            awaitSameJournals(eu, us, actors);

            // us goes away: what eu writes now is never shipped; then eu is lost
            us.stopAll();
            write(eu, actors, "unshipped", UNSHIPPED);
            write(eu, List.of(onlyInEu), "unshipped", 3);
            eu.killNode(0);
            us.restartAll();
            us.awaitStable();

            // bad promotions change nothing
            failure(ErrorCode.INVALID_ARGUMENT, "standby endpoint 'eu-without-port' is not host:port",
                    () -> client.cluster().promoteRegion("us", List.of("eu-without-port")).join());
            assertThat(client.cluster().regionRole("us").join()).isEqualTo("standby:eu");
            // us is promoted and ships to eu from now on, without a restart; actor i gets i % 4 new records there
            assertThat(client.cluster().promoteRegion("us", List.of("127.0.0.1:" + euPort)).join())
                    .isEqualTo("promoted:eu");
            for (int i = 0; i < actors.size(); i++) {
                for (int n = 0; n < i % 4; n++) {
                    us.client().<StringValue>ask(actors.get(i), cmd("append:in-us-" + n)).join();
                }
            }

            // eu comes back: fenced at its first contact with us, it refuses writes and us's shipments
            eu.startNode(0);
            eu.awaitStable();
            await().atMost(BOUND).until(() -> client.cluster().regionRole("eu").join().equals("fenced:us"));
            assertThatThrownBy(() -> eu.client().<StringValue>ask(actors.get(3), cmd("append:stale")).join())
                    .hasMessageContaining("region eu is fenced: region us was promoted over it");
            // a read activates actor 1 here from eu's own records; that activation outlives the re-synchronisation
            assertThat(eu.client().<StringValue>ask(actors.get(1), cmd("count")).join().getValue())
                    .isEqualTo(String.valueOf(SHIPPED + UNSHIPPED));
            assertThat(JournalCheck.events(eu.node(0).events(), actors.get(3))).as("no shipment taken while fenced")
                    .endsWith("unshipped-0", "unshipped-1");
            failure(ErrorCode.FAILED_PRECONDITION, "region us is promoted:eu, not fenced",
                    () -> client.cluster().demoteRegion("us").join());
            failure(ErrorCode.FAILED_PRECONDITION, "not mars", () -> client.cluster().demoteRegion("mars").join());

            // demoted: eu becomes a copy of us, and keeps its own unshipped records aside
            assertThat(client.cluster().demoteRegion("eu").join()).isEqualTo("standby:us");
            List<ActorId> all = new ArrayList<>(actors);
            all.add(onlyInEu);
            awaitIdenticalJournals(us, eu, all);
            for (int i = 0; i < actors.size(); i++) {
                assertThat(JournalCheck.events(eu.node(0).events(), actors.get(i))).as("eu's journal of %s", i)
                        .hasSize(SHIPPED + i % 4).noneMatch(e -> e.startsWith("unshipped"));
                assertThat(divergedEvents(eu.node(0).ignite(), actors.get(i), SHIPPED + 1, UNSHIPPED))
                        .containsExactly("unshipped-0", "unshipped-1");
            }
            assertThat(JournalCheck.events(eu.node(0).events(), onlyInEu)).isEmpty();
            assertThat(divergedEvents(eu.node(0).ignite(), onlyInEu, 1, 3))
                    .containsExactly("unshipped-0", "unshipped-1", "unshipped-2");
            await().atMost(BOUND).until(() -> counter(eu, "botgrid_replication_diverged_records")
                    == actors.size() * UNSHIPPED + 3);

            // shipping goes on for new writes in us
            write(us, actors, "after-resync", 2);
            awaitIdenticalJournals(us, eu, actors);

            // switch back: eu promoted again; its actors go on from us's history, the one live since before too
            assertThat(client.cluster().promoteRegion("eu").join()).isEqualTo("promoted:us");
            for (int i = 0; i < actors.size(); i++) {
                String count = eu.client().<StringValue>ask(actors.get(i), cmd("append:back-in-eu")).join().getValue();
                assertThat(Integer.parseInt(count)).as("count of %s in eu", i).isEqualTo(SHIPPED + i % 4 + 3);
                List<String> events = JournalCheck.events(eu.node(0).events(), actors.get(i));
                assertThat(events).endsWith("after-resync-1", "back-in-eu").doesNotHaveDuplicates();
                assertThat(eu.client().<StringValue>ask(actors.get(i), cmd("tags")).join().getValue())
                        .as("state of %s in eu: us's history, nothing of its own", i)
                        .isEqualTo(String.join(",", events));
            }
            await().atMost(BOUND).until(() -> client.cluster().regionRole("us").join().equals("fenced:eu"));
            assertThat(client.cluster().demoteRegion("us").join()).isEqualTo("standby:eu");
            awaitIdenticalJournals(eu, us, actors);
        }
    }

    @Test
    @Timeout(60)
    void runTimeStandbyAndJournalHeadsRefuseBadInput() throws Exception {
        int port = freePort();
        try (TestCluster one = TestCluster.builder().nodes(1).namePrefix("ap").actorTypes(new LedgerTypes().get())
                .configure(c -> c.region("ap").grpcPort(port)).start();
             BotgridClient client = BotgridClient.builder().region("ap", "127.0.0.1:" + port).build()) {
            failure(ErrorCode.INVALID_ARGUMENT, "standby endpoint 'host:0' is not host:port",
                    () -> client.cluster().setStandby("ap", List.of("other:7070", "host:0")).join());
            failure(ErrorCode.FAILED_PRECONDITION, "this node is in region ap, not eu",
                    () -> client.cluster().setStandby("eu", List.of("other:7070")).join());
            failure(ErrorCode.FAILED_PRECONDITION, "region ap is active, not fenced: nothing to demote",
                    () -> client.cluster().demoteRegion("ap").join());
            assertThat(client.cluster().setStandby("ap", List.of(" 127.0.0.1:1 ")).join())
                    .containsExactly("127.0.0.1:1");
            assertThat(client.cluster().setStandby("ap", List.of()).join()).as("back to the setting: none").isEmpty();

            ActorId id = ActorId.of(LedgerTypes.LEDGER, "heads");
            write(one, List.of(id), "x", 3);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            try {
                var stub = ReplicationServiceGrpc.newBlockingStub(channel);
                JournalHeadsResponse heads = stub.getJournalHeads(JournalHeadsRequest.newBuilder()
                        .addProbes(probe(id.asString(), 10)).addProbes(probe(id.asString(), 2))
                        .addProbes(probe("ledger/never", 5)).addProbes(probe(id.asString(), Long.MAX_VALUE))
                        .build());
                assertThat(heads.getRegion()).isEqualTo("ap");
                assertThat(heads.getHeadsList()).extracting(JournalHead::getSeq).containsExactly(3L, 2L, 0L, 3L);
                StatusRuntimeException bad = (StatusRuntimeException) catchThrowable(() -> stub.getJournalHeads(
                        JournalHeadsRequest.newBuilder().addProbes(probe("", 1)).build()));
                assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(bad.getStatus().getDescription()).contains("journal head probe needs an actor");
                JournalHeadsRequest.Builder many = JournalHeadsRequest.newBuilder();
                for (int i = 0; i <= 10_000; i++) {
                    many.addProbes(probe("ledger/k" + i, 1));
                }
                StatusRuntimeException tooMany = (StatusRuntimeException) catchThrowable(
                        () -> stub.getJournalHeads(many.build()));
                assertThat(tooMany.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(tooMany.getStatus().getDescription()).contains("at most 10000 journal head probes");
            } finally {
                channel.shutdownNow();
            }
        }
    }

    /**
     * The standby endpoints set through one node reach every node of the region, in the order they were set: a
     * late notice of an earlier change (or a removal's notice, which carries the removed value) must not put the old
     * endpoints back, on the node that set them or on the others.
     */
    @Test
    @Timeout(90)
    void runTimeStandbyReachesEveryNodeAndTheLastChangeWins() {
        try (TestCluster two = TestCluster.builder().nodes(2).namePrefix("ap").actorTypes(new LedgerTypes().get())
                .configure(c -> c.region("ap")).start()) {
            List<ManagedChannel> channels = List.of(
                    NettyChannelBuilder.forAddress("127.0.0.1", two.node(0).grpcPort()).usePlaintext().build(),
                    NettyChannelBuilder.forAddress("127.0.0.1", two.node(1).grpcPort()).usePlaintext().build());
            try {
                List<List<String>> changes = List.of(List.of("127.0.0.1:1", "127.0.0.2:1"), List.of(),
                        List.of("127.0.0.3:1"), List.of(), List.of("127.0.0.4:1"), List.of("127.0.0.5:1"), List.of());
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < changes.size(); i++) {
                        var writer = ReplicationServiceGrpc.newBlockingStub(channels.get((round + i) % 2));
                        var other = ReplicationServiceGrpc.newBlockingStub(channels.get((round + i + 1) % 2));
                        List<String> wanted = changes.get(i);
                        RegionRoleRequest.Builder request = RegionRoleRequest.newBuilder().setRegion("ap");
                        assertThat(writer.setStandby(request.addAllStandbyEndpoints(wanted).build())
                                .getStandbyEndpointsList())
                                .as("round %d, change %d: the reply of the node that set it", round, i)
                                .isEqualTo(wanted);
                        await().atMost(BOUND).untilAsserted(() -> assertThat(standby(other)).isEqualTo(wanted));
                        assertThat(standby(writer))
                                .as("round %d, change %d: the node that set it, afterwards", round, i)
                                .isEqualTo(wanted);
                    }
                }
            } finally {
                channels.forEach(ManagedChannel::shutdownNow);
            }
        }
    }

    private static List<String> standby(ReplicationServiceGrpc.ReplicationServiceBlockingStub node) {
        return node.getRegionRole(RegionRoleRequest.newBuilder().setRegion("ap").build()).getStandbyEndpointsList();
    }

    private static JournalHead probe(String actor, long seq) {
        return JournalHead.newBuilder().setActor(actor).setSeq(seq).build();
    }

    private static void failure(ErrorCode code, String message, Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        while (thrown instanceof CompletionException && thrown.getCause() != null) {
            thrown = thrown.getCause();
        }
        assertThat(thrown).as("the call fails with " + code).isInstanceOf(BotgridException.class);
        assertThat(((BotgridException) thrown).code()).as(thrown.getMessage()).isEqualTo(code);
        assertThat(thrown.getMessage()).contains(message);
    }

    private static void write(TestCluster cluster, List<ActorId> actors, String tag, int each) {
        for (int n = 0; n < each; n++) {
            for (ActorId id : actors) {
                cluster.client().<StringValue>ask(id, cmd("append:" + tag + "-" + n)).join();
            }
        }
    }

    private static void awaitSameJournals(TestCluster from, TestCluster to, List<ActorId> actors) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (ActorId id : actors) {
                assertThat(JournalCheck.events(to.node(0).events(), id)).as("journal of %s", id)
                        .isEqualTo(JournalCheck.events(from.node(0).events(), id));
            }
        });
    }

    /** Within {@link #BOUND}: the same records, byte for byte, under the same sequence numbers, and no more. */
    private static void awaitIdenticalJournals(TestCluster truth, TestCluster copy, List<ActorId> actors) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (ActorId id : actors) {
                int size = JournalCheck.events(truth.node(0).events(), id).size();
                assertThat(JournalCheck.events(copy.node(0).events(), id)).as("copy of %s", id).hasSize(size);
                for (long seq = 1; seq <= size + 2; seq++) {
                    assertThat(record(copy.node(0).ignite(), "botgrid-journal", id, seq)).as("%s#%d", id, seq)
                            .isEqualTo(record(truth.node(0).ignite(), "botgrid-journal", id, seq));
                }
            }
        });
    }

    private static List<String> divergedEvents(Ignite ignite, ActorId id, long from, int count) throws Exception {
        List<String> events = new ArrayList<>();
        for (long seq = from; seq < from + count; seq++) {
            byte[] bytes = record(ignite, "botgrid-diverged", id, seq);
            assertThat(bytes).as("diverged %s#%d", id, seq).isNotNull();
            events.add(StringValue.parseFrom(JournalRecord.parseFrom(bytes).getEvent()).getValue());
        }
        assertThat(record(ignite, "botgrid-diverged", id, from + count)).isNull();
        return events;
    }

    /** A record of a journal-keyed cache, read with Ignite's binary API (no runtime classes needed). */
    private static byte[] record(Ignite ignite, String cache, ActorId id, long seq) {
        BinaryObject key = ignite.binary().builder("io.botgrid.actor.internal.JournalKey")
                .setField("actor", id.asString()).setField("seq", seq).build();
        return ignite.cache(cache).<BinaryObject, byte[]>withKeepBinary().get(key);
    }

    private static double counter(TestCluster cluster, String name) {
        for (MetricSnapshot m : cluster.node(0).metrics().registry().scrape()) {
            if (m.getMetadata().getName().equals(name) && m instanceof CounterSnapshot c) {
                return c.getDataPoints().stream().mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
                        .sum();
            }
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
