package io.botgrid.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.cli.BotgridCli;
import io.botgrid.it.ItSupport;
import io.botgrid.testkit.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI's client commands against a real 2-node cluster over gRPC. */
class CliClientTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes()).configure(b -> b.grpcPort(0))
                .start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BotgridCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String endpoint() {
        return "127.0.0.1:" + cluster.node(1).grpcPort();
    }

    @Test
    void callsAnActorAndShowsWhereItLives() {
        Run first = run("actor", "call", "-e", endpoint(), ItSupport.LEDGER, "cli", "append:hello");
        assertThat(first.exit()).isZero();
        assertThat(first.out().strip()).isEqualTo("1");
        Run tags = run("actor", "call", "-e", endpoint(), ItSupport.LEDGER, "cli", "tags");
        assertThat(tags.out().strip()).isEqualTo("hello");

        Run placement = run("actor", "placement", "-e", endpoint(), ItSupport.LEDGER, "cli");
        assertThat(placement.exit()).isZero();
        assertThat(placement.out()).contains("owner:   node-").contains("backups: node-");
    }

    @Test
    void listsNodesAndReportsErrorsPlainly() {
        Run nodes = run("cluster", "nodes", "-e", endpoint());
        assertThat(nodes.exit()).as(nodes.err()).isZero();
        assertThat(nodes.out()).contains("node-0").contains("node-1").contains("SERVING");

        Run unknown = run("actor", "call", "-e", endpoint(), "no-such-type", "k", "x");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("NOT_FOUND").contains("no-such-type");
    }
}
