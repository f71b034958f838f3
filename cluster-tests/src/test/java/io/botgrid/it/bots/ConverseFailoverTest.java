package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.client.BotSpec;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.Conversation;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.Reply;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A conversation whose node stops: the SDK moves to the other node and resumes after the last reply it saw. */
class ConverseFailoverTest {

    @Test
    @Timeout(180)
    void theConversationGoesOnThroughTheOtherNodeWithoutLossOrRepeat() throws Exception {
        try (TestCluster cluster = BotTestSupport.cluster(b -> b);
             BotgridClient client = BotTestSupport.client(cluster, 1, null)) {
            client.bots().createBlocking(BotSpec.of("Echo", "echo").withId("echo-fo"));
            ConverseTest.Recorder r = new ConverseTest.Recorder();
            Conversation c = client.conversations().open(ConversationRef.of("echo-fo", "failover", "carol"), 0, r);
            c.ready().get(20, TimeUnit.SECONDS);
            for (int i = 1; i <= 5; i++) {
                c.send("before-" + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> r.replies.size() >= 5);

            cluster.stopNode(1); // the node serving the stream: it ends the stream with UNAVAILABLE
            for (int i = 1; i <= 5; i++) {
                c.send("after-" + i);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> r.replies.size() >= 10);
            c.close();
            c.closed().get(30, TimeUnit.SECONDS);
            assertThat(r.texts()).containsExactly("before-1", "before-2", "before-3", "before-4", "before-5",
                    "after-1", "after-2", "after-3", "after-4", "after-5");
            assertThat(r.seqs()).isSorted().doesNotHaveDuplicates();
            assertThat(r.readies).as("caught up after the first open and after the reconnect").hasSize(2);
            assertThat(r.errors).isEmpty();
            assertThat(r.replies).extracting(Reply::replyId).doesNotHaveDuplicates();
        }
    }
}
