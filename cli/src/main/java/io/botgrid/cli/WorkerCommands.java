package io.botgrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.ByteString;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.NameEntry;
import io.botgrid.proto.v1.InstanceStatus;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.proto.v1.SpecView;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.cluster.WorkerSpecCodec;
import io.botgrid.workers.cluster.WorkerSpecYaml;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code botgrid workers ...}: supervised workers and the registry of names, over the SDK. */
final class WorkerCommands {
    private WorkerCommands() {
    }

    @Command(name = "workers", description = "Declare, inspect and talk to supervised workers (admin to declare and "
            + "remove, operator to read, client to send, broadcast and push).", mixinStandardHelpOptions = true,
            subcommands = {Declare.class, Remove.class, ListSpecs.class, Get.class, Status.class, Send.class,
                    Broadcast.class, Push.class, Names.class, Lookup.class})
    static final class WorkersCommand {
    }

    /** {@code botgrid workers declare --file spec.yaml} */
    @Command(name = "declare", description = "Declare or change a spec from a YAML file (the format of the node's "
            + "workers: section, one spec).", mixinStandardHelpOptions = true)
    static final class Declare extends ClientCommands.ClientCommand {
        @Option(names = {"-f", "--file"}, required = true, description = "The spec, YAML or JSON.")
        Path file;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            io.botgrid.proto.v1.WorkerSpec proto;
            try {
                JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
                proto = WorkerSpecCodec.toProto(WorkerSpecYaml.read(tree));
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), file + ": cannot be read: " + e.getMessage());
            } catch (InvalidWorkerSpecException e) {
                throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
            }
            print(out, client.workers().declareBlocking(proto));
        }
    }

    /** {@code botgrid workers remove ID} */
    @Command(name = "remove", description = "Remove a spec; it stays removed.", mixinStandardHelpOptions = true)
    static final class Remove extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Spec id.")
        String id;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.println("removed " + id + " (version " + client.workers().removeBlocking(id) + ")");
        }
    }

    /** {@code botgrid workers list} */
    @Command(name = "list", description = "List the declared specs.", mixinStandardHelpOptions = true)
    static final class ListSpecs extends ClientCommands.ClientCommand {
        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.printf("%-32s %-11s %-8s %s%n", "ID", "KIND", "SOURCE", "VERSION");
            for (SpecView v : client.workers().listBlocking()) {
                out.printf("%-32s %-11s %-8s %d%n", v.getSpec().getId(), kind(v.getSpec()), v.getSource(),
                        v.getVersion());
            }
        }
    }

    /** {@code botgrid workers get ID} */
    @Command(name = "get", description = "Show a spec.", mixinStandardHelpOptions = true)
    static final class Get extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Spec id.")
        String id;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            print(out, client.workers().getBlocking(id));
        }
    }

    /** {@code botgrid workers status [ID]} */
    @Command(name = "status", description = "Where each spec runs, its incarnation, state and counters.",
            mixinStandardHelpOptions = true)
    static final class Status extends ClientCommands.ClientCommand {
        @Parameters(index = "0", arity = "0..1", description = "Spec id (default: all).")
        String id;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.printf("%-32s %-16s %-6s %-11s %-8s %s%n", "SPEC", "NODE", "INC", "STATE", "RESTARTS", "LAST ERROR");
            for (SpecStatus s : client.workers().statusBlocking(Optional.ofNullable(id))) {
                out.printf("%-32s %-16s %-6d %-11s %-8d %s%n", s.getSpecId(), s.getNode(), s.getIncarnation(),
                        s.getState(), s.getRestarts(), s.getLastError());
                for (InstanceStatus i : s.getInstancesList()) {
                    out.printf("  %-30s %-11s queue %d, processed %d, failed %d%n", i.getId(), i.getState(),
                            i.getQueueDepth(), i.getProcessed(), i.getFailed());
                }
                for (io.botgrid.proto.v1.ScalingDecision d : s.getScalingDecisionsList()) {
                    out.printf(java.util.Locale.ROOT, "  autoscale %-20s %s %-4s %d -> %d (needed %d): %s "
                                    + "[backlog %d, %.1f items/s, latency %.1f ms, handling %.1f ms]%n", d.getStage(),
                            java.time.Instant.ofEpochSecond(d.getAt().getSeconds(), d.getAt().getNanos()),
                            d.getAction(), d.getFromInstances(), d.getToInstances(), d.getNeededInstances(),
                            d.getReason(), d.getBacklog(), d.getThroughputPerSecond(), d.getLatencyMs(),
                            d.getHandlingMs());
                }
            }
        }
    }

    /** {@code botgrid workers send SPEC [--member M] TEXT} */
    @Command(name = "send", description = "Send a text to a standalone worker or a group member; prints its "
            + "outputs.", mixinStandardHelpOptions = true)
    static final class Send extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Spec id.")
        String id;

        @Parameters(index = "1", description = "The input (UTF-8 text).")
        String text;

        @Option(names = "--member", defaultValue = "", description = "Group member id.")
        String member;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            client.workers().sendBlocking(id, member, ByteString.copyFromUtf8(text))
                    .forEach(o -> out.println(o.toStringUtf8()));
        }
    }

    /** {@code botgrid workers broadcast GROUP TEXT} */
    @Command(name = "broadcast", description = "Send a text to every member of a group.",
            mixinStandardHelpOptions = true)
    static final class Broadcast extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Group spec id.")
        String id;

        @Parameters(index = "1", description = "The input (UTF-8 text).")
        String text;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.println("delivered to " + client.workers().broadcastBlocking(id, ByteString.copyFromUtf8(text))
                    + " member(s)");
        }
    }

    /** {@code botgrid workers push CHAIN [--stage S] [--key K] TEXT} */
    @Command(name = "push", description = "Push a text into a chain (at its head or a named stage).",
            mixinStandardHelpOptions = true)
    static final class Push extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Chain spec id.")
        String id;

        @Parameters(index = "1", description = "The item (UTF-8 text).")
        String text;

        @Option(names = "--stage", defaultValue = "", description = "Stage name (default: the head).")
        String stage;

        @Option(names = "--key", defaultValue = "", description = "Ordering key.")
        String key;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            client.workers().pushBlocking(id, stage, key, ByteString.copyFromUtf8(text));
            out.println("pushed");
        }
    }

    /** {@code botgrid workers names [--prefix P] [--tag T]} */
    @Command(name = "names", description = "List registered names.", mixinStandardHelpOptions = true)
    static final class Names extends ClientCommands.ClientCommand {
        @Option(names = "--prefix", defaultValue = "", description = "Only names starting with this.")
        String prefix;

        @Option(names = "--tag", defaultValue = "", description = "Only names with this tag.")
        String tag;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.printf("%-40s %-16s %-32s %s%n", "NAME", "NODE", "OWNER", "TAGS");
            for (NameEntry e : client.registry().listBlocking(prefix, tag)) {
                out.printf("%-40s %-16s %-32s %s%n", e.name(), e.node(), e.owner(),
                        e.tags().stream().sorted().collect(Collectors.joining(",")));
            }
        }
    }

    /** {@code botgrid workers lookup NAME} */
    @Command(name = "lookup", description = "Show who holds a registered name.", mixinStandardHelpOptions = true)
    static final class Lookup extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "The name.")
        String name;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            Optional<NameEntry> e = client.registry().lookupBlocking(name);
            if (e.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no process holds the name '" + name + "'");
            }
            out.println(e.get().name() + " " + e.get().node() + " " + e.get().owner());
        }
    }

    private static String kind(io.botgrid.proto.v1.WorkerSpec s) {
        return switch (s.getKindCase()) {
            case STANDALONE -> "standalone";
            case GROUP -> "group";
            case CHAIN -> "chain";
            case KIND_NOT_SET -> "?";
        };
    }

    private static void print(PrintWriter out, SpecView v) {
        out.println("id:       " + v.getSpec().getId());
        out.println("kind:     " + kind(v.getSpec()));
        out.println("version:  " + v.getVersion());
        out.println("source:   " + v.getSource());
        out.println("spec:     " + v.getSpec().toString().replace("\n", "\n          ").stripTrailing());
    }
}
