package io.botgrid.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Parser;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.cli.BotgridCli;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.GetPlacementRequest;
import io.botgrid.proto.v1.Placement;
import io.botgrid.testkit.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI's client commands against a real 2-node cluster over gRPC. */
class CliClientTest {
    private static final String TYPED = "typed";
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        ActorTypes ledger = ItSupport.ledgerTypes();
        ActorTypes.Builder types = ActorTypes.builder();
        for (String name : ledger.names()) {
            ActorTypes.Registration r = ledger.find(name).orElseThrow();
            types.register(r.type(), r.behavior(), r.settings());
        }
        types.register(TYPED, new TypedBehavior());
        cluster = TestCluster.builder().nodes(2).actorTypes(types.build()).configure(b -> b.grpcPort(0)).start();
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
    void callsAnActorOfItsOwnMessageTypesWithJsonAndPrintsTheReplyAsJson() {
        Run call = run("actor", "call", "-e", endpoint(), TYPED, "k1", "--json",
                "{\"actorType\": \"cart\", \"actor_key\": \"alice\"}", "--idempotency-key", "json-1");

        assertThat(call.exit()).as(call.err()).isZero();
        assertThat(call.out()).contains("\"owner\": \"cart/alice\"").contains("\"backups\": [\"1\"]");
        // A text command to a type that takes another message is refused with the message it takes.
        Run text = run("actor", "call", "-e", endpoint(), TYPED, "k1", "hello");
        assertThat(text.exit()).isEqualTo(2);
        assertThat(text.err()).contains("INVALID_ARGUMENT").contains("botgrid.v1.GetPlacementRequest");
    }

    @Test
    void jsonThatDoesNotFitTheCommandIsRefusedBeforeAnyCall() {
        Run bad = run("actor", "call", "-e", endpoint(), TYPED, "k2", "--json", "{\"noSuchField\": 1}");

        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("the JSON is not a botgrid.v1.GetPlacementRequest").contains("noSuchField");
        Run both = run("actor", "call", "-e", endpoint(), TYPED, "k2", "text", "--json", "{}");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("either a command text or --json");
        Run unknown = run("actor", "call", "-e", endpoint(), "no-such-type", "k", "--json", "{}");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("NOT_FOUND").contains("no-such-type");
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

    /**
     * An actor type with structured messages of its own (borrowed from the wire contract): the command names an actor,
     * the reply is a placement, and each call counts as one persisted event.
     */
    static final class TypedBehavior
            implements EventSourcedBehavior<GetPlacementRequest, GetPlacementRequest, Integer, Placement> {
        @Override
        public Parser<GetPlacementRequest> commandParser() {
            return GetPlacementRequest.parser();
        }

        @Override
        public Parser<GetPlacementRequest> eventParser() {
            return GetPlacementRequest.parser();
        }

        @Override
        public Parser<Placement> replyParser() {
            return Placement.parser();
        }

        @Override
        public Integer emptyState(ActorId id) {
            return 0;
        }

        @Override
        public Effect<GetPlacementRequest, Integer, Placement> handle(Integer calls, GetPlacementRequest command,
                                                                     ActorContext<GetPlacementRequest> context) {
            return Effect.persist(command).thenReply(n -> Placement.newBuilder()
                    .setOwner(command.getActorType() + "/" + command.getActorKey())
                    .addBackups(String.valueOf(n)).build());
        }

        @Override
        public Integer apply(Integer calls, GetPlacementRequest event) {
            return calls + 1;
        }
    }

    @Test
    void regionCommandsShowTheRoleAndRefuseChangesThatDoNotApply() {
        Run status = run("region", "status", "-e", endpoint(), "local");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("local: active");
        Run notStandby = run("region", "promote", "-e", endpoint(), "local");
        assertThat(notStandby.exit()).isNotZero();
        assertThat(notStandby.err()).contains("FAILED_PRECONDITION").contains("region local is active, not a standby");
        Run elsewhere = run("region", "promote", "-e", endpoint(), "eu");
        assertThat(elsewhere.exit()).isNotZero();
        assertThat(elsewhere.err()).contains("this node is in region local, not eu");
        Run notFenced = run("region", "demote", "-e", endpoint(), "local");
        assertThat(notFenced.err()).contains("region local is active, not fenced");
        Run badEndpoint = run("region", "promote", "-e", endpoint(), "local", "--standby", "no-port");
        assertThat(badEndpoint.exit()).isNotZero();
        assertThat(badEndpoint.err()).contains("INVALID_ARGUMENT")
                .contains("standby endpoint 'no-port' is not host:port");
        Run standby = run("region", "standby", "-e", endpoint(), "local", "127.0.0.1:1", "127.0.0.2:1");
        assertThat(standby.exit()).as(standby.err()).isZero();
        assertThat(standby.out()).contains("local ships to: 127.0.0.1:1, 127.0.0.2:1");
        Run back = run("region", "standby", "-e", endpoint(), "local");
        assertThat(back.exit()).as(back.err()).isZero();
        assertThat(back.out()).contains("local ships to: nobody");
    }
}
