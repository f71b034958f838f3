package io.botgrid.cli;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.CallSettings;
import io.botgrid.client.NodeView;
import io.botgrid.client.Placement;
import io.botgrid.proto.v1.ActorTypeDescription;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The CLI's client commands, over the Java SDK: {@code botgrid cluster ...} and {@code botgrid actor ...}. */
final class ClientCommands {
    private ClientCommands() {
    }

    /** Connection options shared by every client command. */
    static final class Connection {
        @Option(names = {"-e", "--endpoint"}, split = ",", defaultValue = "127.0.0.1:7070",
                description = "gRPC endpoints host:port (default: ${DEFAULT-VALUE}).")
        List<String> endpoints;

        @Option(names = "--token", defaultValue = "${env:BOTGRID_TOKEN}",
                description = "Bearer token (default: $BOTGRID_TOKEN).")
        String token;

        @Option(names = "--timeout", defaultValue = "10", description = "Deadline in seconds (default: 10).")
        long timeoutSeconds;

        BotgridClient connect() {
            BotgridClient.Builder b = BotgridClient.builder().endpoints(endpoints.toArray(String[]::new))
                    .defaultDeadline(Duration.ofSeconds(timeoutSeconds));
            if (token != null && !token.isBlank()) {
                b.token(token);
            }
            return b.build();
        }
    }

    static int fail(CommandSpec spec, RuntimeException e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof BotgridException || cause instanceof IllegalArgumentException) {
            spec.commandLine().getErr().println("botgrid: " + cause.getMessage());
            return 2;
        }
        if (cause instanceof StatusRuntimeException s) {
            spec.commandLine().getErr().println("botgrid: " + s.getStatus().getCode() + ": "
                    + s.getStatus().getDescription());
            return 2;
        }
        throw e;
    }

    /** One operation on the cluster through a client, with the shared error handling. */
    abstract static class ClientCommand implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            try (BotgridClient client = connection.connect()) {
                run(client, spec.commandLine().getOut());
                return 0;
            } catch (RuntimeException e) {
                return fail(spec, e);
            }
        }

        abstract void run(BotgridClient client, PrintWriter out);
    }

    /** {@code botgrid cluster ...} */
    @Command(name = "cluster", description = "Inspect and administer a running cluster.",
            mixinStandardHelpOptions = true, subcommands = {Nodes.class, Drain.class})
    static final class ClusterCommand {
    }

    /** {@code botgrid cluster nodes} */
    @Command(name = "nodes", description = "List the cluster's nodes.", mixinStandardHelpOptions = true)
    static final class Nodes extends ClientCommand {
        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.printf("%-16s %-22s %-10s %-12s %-9s %s%n", "ID", "ADDRESS", "REGION", "ZONE", "STATE", "ACTORS");
            for (NodeView n : client.cluster().nodes().join()) {
                out.printf("%-16s %-22s %-10s %-12s %-9s %d%s%n", n.id(), n.address(), n.region(), n.zone(),
                        n.status(), n.actorCount(), n.offlineSince() == null ? ""
                                : "  offline since " + n.offlineSince().truncatedTo(ChronoUnit.SECONDS));
            }
        }
    }

    /** {@code botgrid cluster drain NODE} */
    @Command(name = "drain", description = "Move every actor off a node before stopping it.",
            mixinStandardHelpOptions = true)
    static final class Drain extends ClientCommand {
        @Parameters(index = "0", description = "Node id.")
        String node;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.println("data nodes now: " + client.cluster().drain(node).join());
        }
    }

    /** {@code botgrid region ...} */
    @Command(name = "region", description = "See and change a region's role in replication between regions "
            + "(ask a node of that region: --endpoint).", mixinStandardHelpOptions = true,
            subcommands = {RegionStatus.class, Promote.class, Demote.class, Standby.class})
    static final class RegionCommand {
    }

    /** {@code botgrid region status REGION} */
    @Command(name = "status", description = "Show the region's role: active, standby:<r>, promoted:<r>, fenced:<r>.",
            mixinStandardHelpOptions = true)
    static final class RegionStatus extends ClientCommand {
        @Parameters(index = "0", description = "Region.")
        String region;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.println(region + ": " + client.cluster().regionRole(region).join());
        }
    }

    /** {@code botgrid region promote REGION} */
    @Command(name = "promote", description = "Make a standby region the home of the actors of the region it stands "
            + "by for (that region is lost); it will be fenced when it comes back. Needs the admin role.",
            mixinStandardHelpOptions = true)
    static final class Promote extends ClientCommand {
        @Parameters(index = "0", description = "The standby region to promote.")
        String region;

        @Option(names = "--standby", split = ",", paramLabel = "HOST:PORT",
                description = "Ship to these endpoints from now on (the old home's nodes, once it is demoted); "
                        + "comma-separated. Default: where the region's nodes ship already.")
        List<String> standby = List.of();

        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.println(region + ": " + client.cluster().promoteRegion(region, standby).join());
        }
    }

    /** {@code botgrid region standby REGION [HOST:PORT...]} */
    @Command(name = "standby", description = "Make a region ship its journals to these endpoints (the standby "
            + "region's nodes) from now on, on all its nodes, without a restart; none: back to the nodes' "
            + "standbyEndpoints. Needs the admin role.", mixinStandardHelpOptions = true)
    static final class Standby extends ClientCommand {
        @Parameters(index = "0", description = "The region that ships.")
        String region;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "HOST:PORT", description = "The standby's endpoints.")
        List<String> endpoints = List.of();

        @Override
        void run(BotgridClient client, PrintWriter out) {
            List<String> now = client.cluster().setStandby(region, endpoints).join();
            out.println(region + " ships to: " + (now.isEmpty() ? "nobody" : String.join(", ", now)));
        }
    }

    /** {@code botgrid region demote REGION} */
    @Command(name = "demote", description = "Make a fenced region the standby of the region promoted over it and "
            + "re-synchronise it from that region (its records never shipped are moved aside). Needs the admin role.",
            mixinStandardHelpOptions = true)
    static final class Demote extends ClientCommand {
        @Parameters(index = "0", description = "The fenced region to demote.")
        String region;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.println(region + ": " + client.cluster().demoteRegion(region).join());
        }
    }

    /** {@code botgrid actor ...} */
    @Command(name = "actor", description = "Call actors and see where they live.", mixinStandardHelpOptions = true,
            subcommands = {PlacementCommand.class, CallCommand.class})
    static final class ActorCommand {
    }

    /** {@code botgrid actor placement TYPE KEY} */
    @Command(name = "placement", description = "Show the owner and backups of an actor.",
            mixinStandardHelpOptions = true)
    static final class PlacementCommand extends ClientCommand {
        @Parameters(index = "0", description = "Actor type.")
        String type;

        @Parameters(index = "1", description = "Actor key.")
        String key;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            Placement p = client.cluster().placement(type, key).join();
            out.println("owner:   " + p.owner());
            out.println("backups: " + String.join(", ", p.backups()));
        }
    }

    /**
     * {@code botgrid actor call TYPE KEY TEXT}: sends a text command (google.protobuf.StringValue); with {@code --json}
     * the command is the actor type's own message, built from JSON with the message definitions the node serves.
     * Replies that are not a wrapper of a text, number or flag print as JSON.
     */
    @Command(name = "call", mixinStandardHelpOptions = true,
            description = {"Send a command to an actor and print the reply, e.g.",
                    "  botgrid actor call counter visits add:1        (a text command, google.protobuf.StringValue)",
                    "  botgrid actor call cart alice --json '{\"addItem\": {\"sku\": \"apple\", \"quantity\": 2}}'",
                    "With --json the command is the actor type's own Protobuf message, in the Protobuf JSON mapping; "
                            + "the CLI learns the message from the node (DescribeActorType and server reflection)."})
    static final class CallCommand extends ClientCommand {
        @Parameters(index = "0", description = "Actor type.")
        String type;

        @Parameters(index = "1", description = "Actor key.")
        String key;

        @Parameters(index = "2", arity = "0..1", description = "Command text (without --json).")
        String text;

        @Option(names = "--json", description = "The command as JSON of the actor type's command message.")
        String json;

        @Option(names = "--idempotency-key", description = "Key making a retry of this call apply once.")
        String idempotencyKey;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            if ((text == null) == (json == null)) {
                throw new IllegalArgumentException("give either a command text or --json '{...}'");
            }
            CallSettings settings = idempotencyKey == null ? CallSettings.DEFAULT
                    : CallSettings.DEFAULT.withIdempotencyKey(idempotencyKey);
            if (json == null) {
                Any reply = client.actors().callRaw(type, key, StringValue.of(text), settings).join();
                String plain = plain(reply);
                if (plain != null) {
                    out.println(plain);
                    return;
                }
                try (ActorSchemas schemas = schemas()) {
                    out.println(schemas.toJson(reply));
                }
                return;
            }
            try (ActorSchemas schemas = schemas()) {
                ActorTypeDescription description = schemas.describe(type);
                Message command = schemas.fromJson(description.getCommandType(), json);
                Any reply = client.actors().callRaw(type, key, command, settings).join();
                out.println(schemas.toJson(reply));
            }
        }

        private ActorSchemas schemas() {
            return new ActorSchemas(connection.endpoints.get(0), connection.token,
                    Duration.ofSeconds(connection.timeoutSeconds));
        }

        /** The reply as plain text if it is a wrapper of a text, number or flag; null otherwise. */
        static String plain(Any reply) {
            try {
                if (reply.is(StringValue.class)) {
                    return reply.unpack(StringValue.class).getValue();
                }
                if (reply.is(Int64Value.class)) {
                    return String.valueOf(reply.unpack(Int64Value.class).getValue());
                }
                if (reply.is(BoolValue.class)) {
                    return String.valueOf(reply.unpack(BoolValue.class).getValue());
                }
            } catch (InvalidProtocolBufferException e) {
                return null;
            }
            return null;
        }
    }
}
