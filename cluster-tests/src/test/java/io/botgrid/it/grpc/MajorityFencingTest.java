package io.botgrid.it.grpc;

import static io.botgrid.it.grpc.GrpcTestSupport.call;
import static io.botgrid.it.grpc.GrpcTestSupport.failure;
import static io.botgrid.it.grpc.GrpcTestSupport.unpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.internal.JournalKey;
import io.botgrid.actor.internal.Stores;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.ActorServiceGrpc.ActorServiceBlockingStub;
import io.botgrid.proto.v1.CallActorRequest;
import io.botgrid.testkit.TestCluster;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CachePeekMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Majority fencing on a real 3-node cluster: with one node gone the other two go on writing; a node left alone (its
 * two peers failed at once, as a node cut off from both sees them) refuses every call over gRPC with UNAVAILABLE and why, writes
 * nothing (Ignite's topology validator refuses its cache updates too) and reports that it is not ready.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MajorityFencingTest {

    @Test
    void aLoneNodeOfThreeRefusesWritesAndReadsWhileTwoOfThreeGoOn() throws Exception {
        List<ManagedChannel> channels = new ArrayList<>();
        // Baseline auto-adjust slower than the test's steps (as in production, 10 s by default), so that the two
        // failures at the end are seen against the 3-node baseline, as a node cut off from both others sees them.
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.baselineAutoAdjust(Duration.ofSeconds(30))).start()) {
            channels.add(GrpcTestSupport.plaintext(cluster.node(0)));
            ActorServiceBlockingStub node0 = ActorServiceGrpc.newBlockingStub(channels.get(0));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                keys.add("fenced-" + i);
                assertThat(unpack(deadline(node0).call(call(keys.get(i), "append:a")).getReply())).isEqualTo("1");
            }
            assertThat(cluster.node(0).quorum().inMajority()).isTrue();

            cluster.killNode(2); // 2 of 3 left: a majority, writes go on
            for (String key : keys) {
                // An append in flight while node-2 was dropped is refused by the ack guard (UNAVAILABLE, "may or may
                // not be in the journal"): the client retries with the same idempotency key and gets one answer.
                CallActorRequest append = call(key, "append:b").toBuilder().setIdempotencyKey("b-" + key).build();
                await().atMost(Duration.ofSeconds(30)).ignoreException(StatusRuntimeException.class)
                        .untilAsserted(() -> assertThat(unpack(deadline(node0).call(append).getReply()))
                                .isEqualTo("2"));
            }
            assertThat(cluster.node(0).quorum().inMajority()).isTrue();

            cluster.startNode(2); // back: 3 of 3 again
            cluster.awaitStable();
            assertThat(unpack(deadline(node0).call(call(keys.get(0), "append:b2")).getReply())).isEqualTo("3");

            cluster.killNode(1); // node-0 alone, as a node cut off from both others sees it: 1 of 3
            cluster.killNode(2);
            await().atMost(Duration.ofSeconds(60)).until(() -> !cluster.node(0).quorum().inMajority());
            assertThat(cluster.node(0).quorum().reason())
                    .contains("this node is in a minority partition (1 of 3 baseline nodes reachable)");

            for (String key : keys) {
                Status write = failure(Status.Code.UNAVAILABLE, () -> deadline(node0).call(call(key, "append:c")));
                assertThat(write.getDescription())
                        .contains("this node is in a minority partition (1 of 3 baseline nodes reachable)");
                Status read = failure(Status.Code.UNAVAILABLE, () -> deadline(node0).call(call(key, "count")));
                assertThat(read.getDescription()).contains("minority partition");
            }
            ActorId first = ActorId.of(ItSupport.LEDGER, keys.get(0));
            assertThatThrownBy(() -> cluster.node(0).events().read(first, 1, 10))
                    .isInstanceOf(ClusterUnavailableException.class).hasMessageContaining("minority partition");

            // Nothing was appended, and the storage itself refuses writes here: the fence holds even for code
            // that goes around the runtime.
            var journal = Stores.journal(cluster.node(0).ignite());
            for (String key : keys) {
                long written = key.equals(keys.get(0)) ? 3 : 2;
                assertThat(journal.localPeek(new JournalKey(ItSupport.LEDGER + "/" + key, written + 1),
                        CachePeekMode.ALL))
                        .as("no event of %s after #%s", key, written).isNull();
            }
            Ignite ignite = cluster.node(0).ignite();
            JournalKey probe = null;
            for (int i = 0; probe == null; i++) {
                JournalKey k = new JournalKey("ledger/probe-" + i, 1);
                if (ignite.affinity(Stores.JOURNAL).isPrimary(ignite.cluster().localNode(), k)) {
                    probe = k; // a partition this node holds: only the fence can refuse the write
                }
            }
            JournalKey local = probe;
            assertThatThrownBy(() -> journal.put(local, new byte[] {1}))
                    .hasMessageContaining("cache topology is not valid");

            // Restarted while still alone, the node serves nothing either: it waits for the baseline to come back
            // (its stored baseline still names all three), or, if it activated, it is fenced by the baseline it
            // remembers from the majority.
            GrpcTestSupport.close(channels);
            channels.clear();
            cluster.killNode(0);
            cluster.startNode(0);
            channels.add(GrpcTestSupport.plaintext(cluster.node(0)));
            ActorServiceBlockingStub restarted = ActorServiceGrpc.newBlockingStub(channels.get(0));
            failure(Status.Code.UNAVAILABLE, () -> deadline(restarted).call(call(keys.get(1), "append:d")));
            assertThat(cluster.node(0).isReady() && cluster.node(0).quorum().inMajority()).isFalse();
        } finally {
            GrpcTestSupport.close(channels);
        }
    }

    private static ActorServiceBlockingStub deadline(ActorServiceBlockingStub stub) {
        return stub.withDeadlineAfter(20, TimeUnit.SECONDS);
    }
}
