package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CommandRejectedException;
import io.botgrid.actor.ErrorCode;
import io.botgrid.actor.RejectionCode;
import io.botgrid.testkit.TestCluster;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a real 2-node cluster: side effects ({@code Effect.thenRun}) run only for appends that succeeded, and a
 * rejection's code reaches the caller, also from an actor on another node.
 */
class TurnEffectsTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(2).actorTypes(new LedgerTypes().get()).start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aFailedAppendRunsNoSideEffect() {
        ActorId id = ActorId.of(LedgerTypes.LEDGER, "side-effects");
        var actors = cluster.node(0).actors();
        assertThat(actors.<StringValue>ask(id, cmd("note:a")).join().getValue()).isEqualTo("1");
        assertThat(Ledger.SIDE_EFFECTS).containsExactly("a@1");

        // Another writer takes event #2 behind the live activation's back (as a stale twin would): the activation's
        // append of "b" as #2 is refused, it closes, and the call is carried out again by a fresh activation that
        // recovers both events, so "b" lands as #3.
        JournalCheck.writeBehindTheActorsBack(cluster.node(0).ignite(), id, 2, "intruder");

        assertThat(actors.<StringValue>ask(id, cmd("note:b")).join().getValue()).isEqualTo("3");
        assertThat(JournalCheck.events(cluster.node(0).events(), id)).containsExactly("a", "intruder", "b");
        // The refused attempt saw the state with "b" as the second tag; its side effect must not have run.
        assertThat(Ledger.SIDE_EFFECTS).as("side effects of appends that succeeded only").containsExactly("a@1", "b@3");
    }

    @Test
    void rejectionCodesSurviveCallsToAnotherNode() {
        for (String owner : java.util.List.of("node-0", "node-1")) { // a local call, then a remote one
            ActorId id = null;
            for (int i = 0; id == null; i++) {
                ActorId candidate = ActorId.of(LedgerTypes.LEDGER, "refusing-" + i);
                id = owner.equals(cluster.node(0).ownerOf(candidate)) ? candidate : null;
            }
            ActorId target = id;
            assertThatThrownBy(() -> cluster.node(0).actors().ask(target, cmd("refuse:NOT_FOUND")).join())
                    .as("call to an actor on %s", owner)
                    .isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.COMMAND_REJECTED);
                        assertThat(e.rejectionCode()).isEqualTo(RejectionCode.NOT_FOUND);
                        assertThat(e.reason()).isEqualTo("refused with NOT_FOUND");
                        assertThat(e.getMessage()).contains(target.toString(), "refused with NOT_FOUND");
                    });
            assertThatThrownBy(() -> cluster.node(0).actors().ask(target, cmd("reject")).join())
                    .cause().isInstanceOfSatisfying(CommandRejectedException.class, e ->
                            assertThat(e.rejectionCode()).isEqualTo(RejectionCode.FAILED_PRECONDITION));
        }
    }
}
