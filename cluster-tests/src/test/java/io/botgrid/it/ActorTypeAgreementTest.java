package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.testkit.TestCluster;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node that hosts other actor types than the running cluster refuses to start, saying which types differ, and
 * leaves the cluster as it was (issue 16: "refused with a clear error when nodes disagree on a type").
 */
class ActorTypeAgreementTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(1).actorTypes(new LedgerTypes().get()).start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aNodeMissingATypeIsRefusedAndTheClusterGoesOn() {
        ActorTypes fewer = ActorTypes.builder().register(LedgerTypes.LEDGER, new Ledger(false)).build();

        assertThatThrownBy(() -> BotgridNode.builder().config(cluster.configFor(1)).actorTypes(fewer).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node node-1 hosts other actor types than node node-0")
                .hasMessageContaining("type 'ledger-idle' is missing here")
                .hasMessageContaining("type 'ledger-snap' is missing here")
                .hasMessageNotContaining("type 'ledger' ");

        assertThat(Ignition.allGrids()).as("the refused node stopped its Ignite").hasSize(1);
        assertThat(cluster.node(0).ignite().cluster().forServers().nodes()).hasSize(1);
        StringValue reply = cluster.client().<StringValue>ask(ActorId.of(LedgerTypes.LEDGER, "k"), cmd("append:a"))
                .join();
        assertThat(reply.getValue()).isEqualTo("1");
    }
}
