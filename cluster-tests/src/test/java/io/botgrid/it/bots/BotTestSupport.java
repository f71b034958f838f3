package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.Reply;
import io.botgrid.client.RetryPolicy;
import io.botgrid.it.ItSupport;
import io.botgrid.node.NodeConfig;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** A 2-node cluster with the bot platform, SDK clients on its nodes, and the settings the bot tests use. */
final class BotTestSupport {
    /** Rules whose second rule (YAML line 4) has a regex that does not compile. */
    static final String BAD_RULES = """
            rules:
              - match: "(?i)^hello"
                reply: "Hello {user}!"
              - match: "([unclosed"
                reply: "never"
            """;

    static final String GOOD_RULES = """
            rules:
              - match: "(?i)^hello"
                reply: "Hello {user}!"
              - match: "my name is (?<name>\\\\w+)"
                set: { name: "{name}" }
                reply: "Nice to meet you, {name}."
                goto: introduced
            fallback: "Sorry, I did not get that."
            """;

    private BotTestSupport() {
    }

    static TestCluster cluster(UnaryOperator<NodeConfig.Builder> extra) {
        return TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> extra.apply(b.grpcPort(0))).start();
    }

    static String endpoint(TestCluster cluster, int node) {
        return "127.0.0.1:" + cluster.node(node).grpcPort();
    }

    /** A client talking to {@code node} first, the other node second. */
    static BotgridClient client(TestCluster cluster, int node, String token) {
        BotgridClient.Builder b = BotgridClient.builder()
                .endpoints(endpoint(cluster, node), endpoint(cluster, 1 - node))
                .defaultDeadline(Duration.ofSeconds(20))
                .retryPolicy(new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2)));
        if (token != null) {
            b.token(token);
        }
        return b.build();
    }

    /** Runs the call, which must fail with {@code code}; returns the exception for more checks. */
    static BotgridException failure(ErrorCode code, ThrowingCallable call) {
        BotgridException e = catchThrowableOfType(BotgridException.class, call);
        assertThat(e).as("the call fails with " + code).isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).as("no stack trace on the wire").doesNotContain("\tat ")
                .doesNotContain("Exception:");
        return e;
    }

    /** Closes each of {@code all} that is not null, in order; the first failure is thrown once all were tried. */
    static void closeAll(AutoCloseable... all) throws Exception {
        Exception first = null;
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static List<String> texts(List<Reply> replies) {
        return replies.stream().map(Reply::text).toList();
    }
}
