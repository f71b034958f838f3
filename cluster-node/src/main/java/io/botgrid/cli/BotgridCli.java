package io.botgrid.cli;

import io.botgrid.actor.ActorTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import io.botgrid.node.NodeConfigLoader;
import io.botgrid.samples.CounterBehavior;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of {@code bin/botgrid}. */
@Command(name = "botgrid", mixinStandardHelpOptions = true, version = "botgrid 0.1.0",
        description = "Botgrid: virtual actors for chat bots, on Apache Ignite.",
        subcommands = {BotgridCli.Node.class, ClientCommands.ClusterCommand.class,
                ClientCommands.ActorCommand.class, BotCommands.BotsCommand.class, ChatCommand.class})
public final class BotgridCli implements Callable<Integer> {

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine(System.in).execute(args));
    }

    /**
     * The command line reading the terminal from {@code in}: {@code botgrid chat} is interactive, and tests drive it
     * in-process through their own stream.
     */
    public static CommandLine commandLine(InputStream in) {
        return new CommandLine(new BotgridCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ChatCommand.class) {
                    return type.cast(new ChatCommand(in));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** {@code botgrid node ...} */
    @Command(name = "node", description = "Run a cluster node.", subcommands = {Start.class},
            mixinStandardHelpOptions = true)
    static final class Node implements Callable<Integer> {
        @Override
        public Integer call() {
            CommandLine.usage(this, System.out);
            return 0;
        }
    }

    /** {@code botgrid node start}: runs a node until Ctrl-C. */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a node and keep it running until Ctrl-C. With no options: a single local node "
                    + "with its data under ./data/node-1.")
    static final class Start implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, description = "YAML configuration file; options below override it.")
        Path configFile;

        @Option(names = "--name", description = "Node name (stable across restarts).")
        String name;

        @Option(names = "--data-dir", description = "Data folder.")
        Path dataDir;

        @Option(names = "--host", description = "Address to bind and advertise.")
        String host;

        @Option(names = "--discovery-port", description = "First Ignite discovery port.")
        Integer discoveryPort;

        @Option(names = "--communication-port", description = "First Ignite communication port.")
        Integer communicationPort;

        @Option(names = "--seeds", split = ",", description = "Discovery addresses of other nodes (host:port).")
        List<String> seeds;

        @Option(names = "--grpc-port", description = "Port of the gRPC front (default 7070; 0: any free port).")
        Integer grpcPort;

        @Option(names = "--endpoint-port",
                description = "Port of the channel endpoint, HTTP for Slack and webhooks (default 7080; 0: any free "
                        + "port).")
        Integer endpointPort;

        @Option(names = "--plugins-dir", description = "Folder of jars with bot handler plugins.")
        Path pluginsDir;

        @Option(names = "--sample-bot", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Create the sample rules bot 'sample' if it does not exist (default: on; "
                        + "--no-sample-bot to skip).")
        boolean sampleBot;

        @Option(names = "--region", description = "Region attribute.")
        String region;

        @Option(names = "--zone", description = "Zone attribute.")
        String zone;

        @Override
        public Integer call() throws Exception {
            NodeConfig.Builder b = configFile != null ? new NodeConfigLoader().load(configFile).toBuilder()
                    : NodeConfig.builder();
            if (name != null) {
                b.nodeName(name);
                if (dataDir == null && configFile == null) {
                    b.dataDir(Path.of("data", name));
                }
            }
            if (dataDir != null) {
                b.dataDir(dataDir);
            }
            if (host != null) {
                b.host(host);
            }
            if (discoveryPort != null) {
                b.discoveryPort(discoveryPort);
            }
            if (communicationPort != null) {
                b.communicationPort(communicationPort);
            }
            if (seeds != null) {
                b.seeds(seeds);
            }
            if (grpcPort != null) {
                b.grpcPort(grpcPort);
            }
            if (endpointPort != null) {
                b.endpointPort(endpointPort);
            }
            if (pluginsDir != null) {
                b.pluginsDir(pluginsDir);
            }
            b.sampleBot(sampleBot);
            if (region != null) {
                b.region(region);
            }
            if (zone != null) {
                b.zone(zone);
            }
            NodeConfig config = b.build();
            ActorTypes types = ActorTypes.builder().register(CounterBehavior.TYPE, new CounterBehavior()).build();
            BotgridNode node = BotgridNode.builder().config(config).actorTypes(types).start();
            Runtime.getRuntime().addShutdownHook(new Thread(node::close, "botgrid-shutdown"));
            node.awaitReady(Duration.ofMinutes(10));
            System.out.printf("Botgrid node '%s' is running: discovery %s:%d, gRPC %s, channel endpoint %s, data in "
                    + "%s. Press Ctrl-C to stop.%n", config.nodeName(), config.host(), node.discoveryPort(),
                    node.grpcPort() < 0 ? "off" : config.host() + ":" + node.grpcPort(),
                    node.endpointPort() < 0 ? "off" : "http://" + config.host() + ":" + node.endpointPort(),
                    config.dataDir().toAbsolutePath());
            if (config.botsEnabled() && config.sampleBot()) {
                String target = node.grpcPort() == 7_070 ? "" : " --endpoint " + config.host() + ":" + node.grpcPort();
                System.out.printf("Chat with the sample bot in another terminal: bin/botgrid chat sample%s%n", target);
            }
            node.whenStopped().join(); // Ctrl-C, or a DrainNode call that took this node out of the cluster
            return 0;
        }
    }
}
