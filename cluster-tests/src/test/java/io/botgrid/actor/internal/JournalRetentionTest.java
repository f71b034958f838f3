package io.botgrid.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.EventsRemovedException;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorEvent;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.FollowEventsRequest;
import io.botgrid.proto.v1.SnapshotRecord;
import io.botgrid.testkit.TestCluster;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Journal retention on a real node with real actors: with a tiny {@code journalRetention}, the events a snapshot
 * covers are removed by the node's own sweep; the actor's state survives a restart (snapshot + the events kept);
 * reading or following from a removed sequence number is refused with the first one kept (OUT_OF_RANGE over gRPC).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JournalRetentionTest {
    /** The ledger type that snapshots every 5 events. */
    private static final String SNAPSHOTTED = "ledger-snap";

    @Test
    void eventsCoveredByASnapshotAndOlderThanTheRetentionAreRemovedAndRecoveryStillWorks() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.journalRetention(Duration.ofMillis(1))).start()) {
            ActorId id = ActorId.of(SNAPSHOTTED, "kept");
            String actor = id.asString();
            List<String> tags = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                tags.add("t" + i);
                assertThat(ask(cluster, id, "append:t" + i)).isEqualTo(Integer.toString(i));
            }
            var snapshots = Stores.snapshots(cluster.node(0).ignite());
            await().atMost(Duration.ofSeconds(30)).until(() -> snapshots.get(actor) != null
                    && SnapshotRecord.parseFrom(snapshots.get(actor)).getSeq() == 10);

            // The node's sweep (every second here) removes #1-#10, which the snapshot at #10 covers; #11-#12 stay.
            var journal = Stores.journal(cluster.node(0).ignite());
            await().atMost(Duration.ofSeconds(60)).until(() -> !journal.containsKey(new JournalKey(actor, 10)));
            for (long seq = 1; seq <= 10; seq++) {
                assertThat(journal.containsKey(new JournalKey(actor, seq))).as("#" + seq + " removed").isFalse();
            }
            assertThat(journal.containsKey(new JournalKey(actor, 11))).isTrue();
            assertThat(journal.containsKey(new JournalKey(actor, 12))).isTrue();

            var reader = cluster.node(0).events();
            assertThat(reader.lastSeq(id)).isEqualTo(12);
            EventsRemovedException removed = catchThrowableOfType(EventsRemovedException.class,
                    () -> reader.read(id, 1, 100));
            assertThat(removed).isNotNull();
            assertThat(removed.firstAvailableSeq()).isEqualTo(11);
            assertThat(reader.read(id, 11, 100)).extracting(e -> e.seq()).containsExactly(11L, 12L);
            assertThat(reader.read(id, 13, 100)).as("after the head: the end, not an error").isEmpty();

            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", cluster.node(0).grpcPort(),
                    InsecureChannelCredentials.create()).build();
            try {
                var stub = ActorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
                StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                        () -> stub.followEvents(follow(1)).hasNext());
                assertThat(refused).isNotNull();
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
                assertThat(refused.getStatus().getDescription()).contains("first event kept is #11")
                        .contains("follow from seq 11");
                Iterator<ActorEvent> kept = stub.followEvents(follow(11));
                assertThat(kept.next().getSeq()).isEqualTo(11);
                assertThat(kept.next().getSeq()).isEqualTo(12);
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }

            // Recovery after a restart: the snapshot at #10 and the events kept after it.
            cluster.stopAll();
            cluster.restartAll();
            assertThat(ask(cluster, id, "tags")).isEqualTo(String.join(",", tags));
            assertThat(ask(cluster, id, "append:t13")).isEqualTo("13");
        }
    }

    private static FollowEventsRequest follow(long fromSeq) {
        return FollowEventsRequest.newBuilder().setActorType(SNAPSHOTTED).setActorKey("kept").setFromSeq(fromSeq)
                .build();
    }

    private static String ask(TestCluster cluster, ActorId id, String command) {
        Message reply = cluster.node(0).actors().<StringValue>ask(id, StringValue.of(command)).join();
        return ((StringValue) reply).getValue();
    }
}
