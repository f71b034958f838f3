package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorCallTimeoutException;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTurnFailedException;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.CommandRejectedException;
import io.botgrid.actor.InvalidActorIdException;
import io.botgrid.actor.MalformedCommandException;
import io.botgrid.actor.UnknownActorTypeException;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime's contract on a real 2-node cluster: routing, persistence, idempotency, errors, lifecycle. */
class ActorRuntimeTest {
    private static TestCluster cluster;
    private static ActorClient client;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(2).actorTypes(new LedgerTypes().get()).start();
        client = cluster.node(0).actors();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String ask(ActorId id, String command) {
        return client.<StringValue>ask(id, cmd(command)).join().getValue();
    }

    private static ActorId ledger(String key) {
        return ActorId.of(LedgerTypes.LEDGER, key);
    }

    @Test
    void callsReachOwnersOnBothNodesAndPersistInOrder() {
        Set<String> owners = new HashSet<>();
        List<ActorId> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ActorId id = ledger("route-" + i);
            ids.add(id);
            owners.add(cluster.node(0).ownerOf(id));
        }
        assertThat(owners).as("keys spread over both nodes").containsExactlyInAnyOrder("node-0", "node-1");
        for (ActorId id : ids) {
            assertThat(ask(id, "append:a")).isEqualTo("1");
            assertThat(ask(id, "append:b")).isEqualTo("2");
        }
        for (ActorId id : ids) {
            assertThat(ask(id, "tags")).isEqualTo("a,b");
            assertThat(cluster.node(1).actors().<StringValue>ask(id, cmd("count")).join().getValue())
                    .isEqualTo("2");
        }
    }

    @Test
    void retryWithSameIdempotencyKeyAppliesOnceAndRepeatsTheReply() {
        for (ActorId id : List.of(ledger("idem-local"), ledger("idem-remote-" + remoteKeySuffix()))) {
            CallOptions options = CallOptions.DEFAULT.withIdempotencyKey("order-42");
            String first = client.<StringValue>ask(id, cmd("append:x"), options).join().getValue();
            String second = client.<StringValue>ask(id, cmd("append:x"), options).join().getValue();
            assertThat(first).isEqualTo("1");
            assertThat(second).isEqualTo("1");
            assertThat(ask(id, "count")).isEqualTo("1");
            cluster.passivate(id);
            String afterRecovery = client.<StringValue>ask(id, cmd("append:x"), options).join().getValue();
            assertThat(afterRecovery).as("key remembered across passivation").isEqualTo("1");
            assertThat(ask(id, "count")).isEqualTo("1");
        }
    }

    /** A key suffix whose ledger actor is owned by node-1, so node-0's client calls it remotely. */
    private static String remoteKeySuffix() {
        for (int i = 0; ; i++) {
            if ("node-1".equals(cluster.node(0).ownerOf(ledger("idem-remote-" + i)))) {
                return String.valueOf(i);
            }
        }
    }

    @Test
    void aSequenceNumberWrittenByAnotherWriterIsNeverOverwritten() throws Exception {
        ActorId id = ledger("single-writer");
        assertThat(ask(id, "append:a")).isEqualTo("1");
        // Another writer (a stale activation, say) takes slot #2 behind the live activation's back.
        JournalCheck.writeBehindTheActorsBack(cluster.node(0).ignite(), id, 2, "foreign");

        // The live activation's append of #2 is refused; the call is re-run on a fresh activation, which
        // recovers the foreign event and appends after it.
        assertThat(ask(id, "append:b")).isEqualTo("3");
        assertThat(ask(id, "tags")).isEqualTo("a,foreign,b");
        assertThat(JournalCheck.events(cluster.node(0).events(), id)).containsExactly("a", "foreign", "b");
    }

    @Test
    void unknownTypeEmptyKeyAndMalformedCommandFailPrecisely() {
        assertThatThrownBy(() -> client.ask(ActorId.of("no-such-type", "k"), cmd("count")).join())
                .isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(UnknownActorTypeException.class).hasMessageContaining("no-such-type");
        assertThatThrownBy(() -> ActorId.of(LedgerTypes.LEDGER, " "))
                .isInstanceOf(InvalidActorIdException.class).hasMessageContaining("must not be empty");
        ByteString garbage = ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
        for (int i = 0; i < 6; i++) { // some owned locally, some remotely
            ActorId id = ledger("garbage-" + i);
            assertThatThrownBy(() -> client.askBytes(id, garbage, CallOptions.DEFAULT).join())
                    .cause().isInstanceOf(MalformedCommandException.class).hasMessageContaining("does not parse");
        }
        assertThatThrownBy(() -> client.ask(ledger("wrong-type"), com.google.protobuf.Int64Value.of(1)).join())
                .cause().isInstanceOf(MalformedCommandException.class).hasMessageContaining("google.protobuf.Int64Value");
    }

    @Test
    void throwingTurnFailsTheCallAndLeavesStateAsPersisted() {
        for (int i = 0; i < 4; i++) {
            ActorId id = ledger("throws-" + i);
            ask(id, "append:kept");
            assertThatThrownBy(() -> client.ask(id, cmd("fail")).join())
                    .cause().isInstanceOf(ActorTurnFailedException.class)
                    .hasMessageContaining("IllegalStateException: boom");
            assertThatThrownBy(() -> client.ask(id, cmd("reject")).join())
                    .cause().isInstanceOf(CommandRejectedException.class).hasMessageContaining("not today");
            assertThat(ask(id, "tags")).isEqualTo("kept");
        }
    }

    @Test
    void slowTurnHitsTheDeadlineWithoutBlockingOtherActors() {
        ActorId slow = ledger("slow");
        CompletableFuture<StringValue> sleeping = client.ask(slow, cmd("sleep:1500"),
                CallOptions.DEFAULT.withTimeout(Duration.ofMillis(200)));
        assertThat(ask(ledger("fast"), "append:f")).isEqualTo("1");
        assertThatThrownBy(sleeping::join).cause().isInstanceOf(ActorCallTimeoutException.class)
                .hasMessageContaining("ledger/slow");
        assertThat(ask(slow, "count")).isEqualTo("0");
    }

    @Test
    void snapshotAndJournalRecoveryGiveTheSameState() {
        for (String type : List.of(LedgerTypes.LEDGER, LedgerTypes.SNAPSHOTTED)) {
            ActorId id = ActorId.of(type, "recover");
            for (int i = 0; i < 12; i++) {
                client.<StringValue>ask(id, cmd("append:e" + i)).join();
            }
            String before = client.<StringValue>ask(id, cmd("tags")).join().getValue();
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.passivate(id));
            assertThat(cluster.live().noneMatch(n -> n.isActive(id))).isTrue();
            assertThat(client.<StringValue>ask(id, cmd("tags")).join().getValue()).isEqualTo(before);
            assertThat(client.<StringValue>ask(id, cmd("append:after")).join().getValue()).isEqualTo("13");
        }
        byte[] snapshot = cluster.node(0).ignite().<String, byte[]>cache("botgrid-snapshots")
                .get(ActorId.of(LedgerTypes.SNAPSHOTTED, "recover").asString());
        assertThat(snapshot).as("snapshot written for the snapshotting type").isNotNull();
        assertThat(cluster.node(0).ignite().<String, byte[]>cache("botgrid-snapshots")
                .get(ActorId.of(LedgerTypes.LEDGER, "recover").asString())).isNull();
    }

    @Test
    void idleActorsPassivateAndComeBackWithTheirState() {
        ActorId id = ActorId.of(LedgerTypes.SHORT_LIVED, "idle");
        client.<StringValue>ask(id, cmd("append:one")).join();
        assertThat(cluster.live().anyMatch(n -> n.isActive(id))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.live().noneMatch(n -> n.isActive(id)));
        assertThat(client.<StringValue>ask(id, cmd("tags")).join().getValue()).isEqualTo("one");
    }

    @Test
    void timersDeliverToTheActivation() {
        ActorId id = ledger("timer");
        ask(id, "timer:100");
        await().atMost(Duration.ofSeconds(10)).until(() -> ask(id, "tags").equals("timer"));
    }

    @Test
    void remindersWakeAPassivatedActor() {
        ActorId id = ledger("reminded");
        ask(id, "remind:once:300:0");
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.passivate(id));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.live().anyMatch(n -> n.isActive(id)));
        await().atMost(Duration.ofSeconds(10)).until(() -> ask(id, "tags").equals("reminder-once"));
    }
}
