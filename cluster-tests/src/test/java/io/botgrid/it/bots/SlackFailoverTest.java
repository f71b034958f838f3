package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.testkit.FakeSlack;
import io.botgrid.testkit.FakeSlack.MessageEventSpec;
import io.botgrid.testkit.FakeSlack.Post;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outbox across a crash: the node owning a session is killed after the message is stored and the reply produced,
 * while Slack refuses the reply; the session's next owner delivers it, once.
 */
class SlackFailoverTest {

    @Test
    void aReplyStuckOnAKilledOwnerIsDeliveredOnceByTheNextOwner() {
        try (FakeSlack slack = FakeSlack.start();
             // Three nodes: with majority fencing, the one survivor of a crash in a 2-node cluster writes nothing.
             TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ActorTypes.none()).start()) {
            String bot = "failover-bot";
            SlackChannelTest.createSlackBot(cluster.node(0).bots(), bot, slack);
            // A conversation whose session node 1 owns; events come in through node 0, which survives.
            String channel = null;
            for (int i = 0; channel == null; i++) {
                ActorId session = ActorId.of("session", bot + "|slack|T0FAKE|CF" + i + ":U1");
                if (cluster.node(0).ownerOf(session).equals(cluster.node(1).name())) {
                    channel = "CF" + i;
                }
            }
            String target = channel;
            slack.failWith("internal_error"); // Slack is down: the owner keeps the reply and retries

            assertThat(slack.sendMessageEvent(SlackChannelTest.events(cluster, 0, bot),
                    SlackChannelTest.SIGNING_SECRET, MessageEventSpec.of(target, "U1", "survive this")).status())
                    .isEqualTo(200);
            await().until(() -> slack.rejected().stream().anyMatch(r -> r.attempt().channel().equals(target)));
            String replyId = slack.rejected().stream().filter(r -> r.attempt().channel().equals(target))
                    .findFirst().orElseThrow().attempt().replyId();

            cluster.killNode(1);
            slack.clearFailure();

            await().atMost(Duration.ofSeconds(60)).until(() -> posts(slack, target).size() == 1);
            await().during(Duration.ofSeconds(4)).until(() -> posts(slack, target).size() == 1);
            Post post = posts(slack, target).get(0);
            assertThat(post.text()).isEqualTo("survive this");
            assertThat(post.replyId()).as("the same reply, not a new answer").isEqualTo(replyId);
        }
    }

    private static List<Post> posts(FakeSlack slack, String channel) {
        return slack.posts().stream().filter(p -> p.channel().equals(channel)).toList();
    }
}
