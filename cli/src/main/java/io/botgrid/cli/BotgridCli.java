package io.botgrid.cli;

import io.botgrid.actor.ActorTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import io.botgrid.node.NodeConfigLoader;
import io.botgrid.samples.CounterBehavior;
import io.botgrid.util.CommonPool;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Entry point of {@code bin/botgrid}. */
@Command(name = "botgrid", mixinStandardHelpOptions = true, version = "botgrid 0.1.0",
        description = "Botgrid: virtual actors for chat bots, on Apache Ignite.",
        subcommands = {BotgridCli.Node.class, ClientCommands.ClusterCommand.class, ClientCommands.RegionCommand.class,
                ClientCommands.ActorCommand.class, BotCommands.BotsCommand.class, WorkerCommands.WorkersCommand.class,
                ChatCommand.class, AuditCommand.class, PluginCommands.PluginsCommand.class})
public final class BotgridCli implements Callable<Integer> {

    public static void main(String[] args) {
        CommonPool.ensurePool(); // first: the pool is sized when something first uses it
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

    /**
     * {@code botgrid node start}: runs a node until Ctrl-C. Its settings come from three layers, each over the one
     * before: the command's defaults ({@link NodeConfig}'s, with the sample bot on), the {@code --config} file, and
     * the options actually given. Every option is a boxed type, null when absent, so that only an option on the
     * command line overrides the file, never an option's default.
     */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a node and keep it running until Ctrl-C. With no options: a single local node "
                    + "with its data under ./data/node-1.")
    static final class Start implements Callable<Integer> {
        /** Exit status of a configuration the node refuses (as picocli's for a wrong command line). */
        static final int CONFIG_ERROR = 2;

        @Spec
        CommandSpec spec;

        @Option(names = {"-c", "--config"}, description = "YAML configuration file; options below override it.")
        Path configFile;

        @Option(names = "--name", description = "Node name (stable across restarts).")
        String name;

        @Option(names = "--data-dir", description = "Data folder (default: data/<name>).")
        Path dataDir;

        @Option(names = "--host", description = "Address to bind and advertise.")
        String host;

        @Option(names = "--discovery-port", description = "First Ignite discovery port.")
        Integer discoveryPort;

        @Option(names = "--communication-port", description = "First Ignite communication port.")
        Integer communicationPort;

        @Option(names = "--port-range", description = "How many ports above the first ones may be tried.")
        Integer portRange;

        @Option(names = "--seeds", split = ",", description = "Discovery addresses of other nodes (host:port or "
                + "host:from..to).")
        List<String> seeds;

        @Option(names = "--grpc-port", description = "Port of the gRPC front (default 7070; 0: any free port).")
        Integer grpcPort;

        @Option(names = "--endpoint-port",
                description = "Port of the channel endpoint, HTTP for Slack and webhooks (default 7080; 0: any free "
                        + "port).")
        Integer endpointPort;

        @Option(names = "--metrics-port",
                description = "Port of /metrics and /health/* (default 7090; 0: any free port; -1: off).")
        Integer metricsPort;

        @Option(names = "--console-port",
                description = "Port of the web console, /console (default 7095; 0: any free port; -1: off).")
        Integer consolePort;

        @Option(names = "--plugins-dir", description = "Folder of jars with bot handler plugins.")
        Path pluginsDir;

        @Option(names = "--sample-bot", negatable = true,
                description = "Create the sample rules bot 'sample' if it does not exist (default: on, unless the "
                        + "file says sampleBot: false; --no-sample-bot to skip).")
        Boolean sampleBot;

        @Option(names = "--region", description = "Region attribute.")
        String region;

        @Option(names = "--zone", description = "Zone attribute.")
        String zone;

        @Option(names = "--zones", split = ",",
                description = "The deployment's zones, comma-separated; --zone-aware-backups needs backups + 1.")
        List<String> zones;

        @Option(names = "--backups", description = "Backup copies of every actor's data, 0-3 (default 1).")
        Integer backups;

        @Option(names = "--zone-aware-backups", negatable = true,
                description = "Keep each backup in another zone than its primary (default: off).")
        Boolean zoneAwareBackups;

        @Option(names = "--wal-mode", description = "WAL mode: ${COMPLETION-CANDIDATES} (default LOG_ONLY).")
        NodeConfig.WalMode walMode;

        @Option(names = "--baseline-auto-adjust", converter = DurationConverter.class,
                description = "Delay before the data-holding nodes follow a join or leave, e.g. 30s (default 10s).")
        Duration baselineAutoAdjust;

        @Option(names = "--data-region-size-mb", description = "Off-heap memory for actor data, MiB (default 512).")
        Integer dataRegionSizeMb;

        /**
         * The node's configuration: the file (if any) over the command's defaults, then the options given.
         *
         * @throws IllegalArgumentException the file or an option is invalid; the message is one line naming it
         */
        NodeConfig config() {
            Supplier<NodeConfig.Builder> defaults = () -> NodeConfig.builder().sampleBot(true);
            NodeConfig.Builder b = configFile == null ? defaults.get()
                    : new NodeConfigLoader().load(configFile, defaults).toBuilderKeepingDerivedDefaults();
            set(name, b::nodeName);
            set(dataDir, b::dataDir);
            set(host, b::host);
            set(discoveryPort, b::discoveryPort);
            set(communicationPort, b::communicationPort);
            set(portRange, b::portRange);
            set(seeds, b::seeds);
            set(grpcPort, b::grpcPort);
            set(endpointPort, b::endpointPort);
            set(metricsPort, b::metricsPort);
            set(consolePort, b::consolePort);
            set(pluginsDir, b::pluginsDir);
            set(sampleBot, b::sampleBot);
            set(region, b::region);
            set(zone, b::zone);
            set(backups, b::backups);
            set(zoneAwareBackups, b::zoneAwareBackups);
            set(zones, b::zones);
            set(walMode, b::walMode);
            set(baselineAutoAdjust, b::baselineAutoAdjust);
            set(dataRegionSizeMb, b::dataRegionSizeMb);
            return b.build();
        }

        private static <T> void set(T given, Consumer<T> setter) {
            if (given != null) {
                setter.accept(given);
            }
        }

        @Override
        public Integer call() throws Exception {
            NodeConfig config;
            try {
                config = config();
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("botgrid: " + e.getMessage());
                return CONFIG_ERROR;
            }
            ActorTypes types = ActorTypes.builder().register(CounterBehavior.TYPE, new CounterBehavior()).build();
            BotgridNode node = BotgridNode.builder().config(config).actorTypes(types).start();
            Runtime.getRuntime().addShutdownHook(new Thread(node::close, "botgrid-shutdown"));
            node.awaitReady(Duration.ofMinutes(10));
            System.out.printf("Botgrid node '%s' is running: discovery %s:%d, gRPC %s, channel endpoint %s, metrics "
                    + "and health %s, data in %s. Press Ctrl-C to stop.%n", config.nodeName(), config.host(),
                    node.discoveryPort(), node.grpcPort() < 0 ? "off" : config.host() + ":" + node.grpcPort(),
                    node.endpointPort() < 0 ? "off" : "http://" + config.host() + ":" + node.endpointPort(),
                    node.metricsPort() < 0 ? "off" : "http://" + config.host() + ":" + node.metricsPort() + "/metrics",
                    config.dataDir().toAbsolutePath());
            System.out.printf("Web console: %s%n", node.consoleUri().map(Object::toString).orElse("off"));
            if (config.botsEnabled() && config.sampleBot()) {
                String target = node.grpcPort() == 7_070 ? "" : " --endpoint " + config.host() + ":" + node.grpcPort();
                System.out.printf("Chat with the sample bot in another terminal: bin/botgrid chat sample%s%n", target);
            }
            node.whenStopped().join(); // Ctrl-C, or a DrainNode call that took this node out of the cluster
            return 0;
        }
    }

    /** Reads {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601, as in the configuration file. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return NodeConfigLoader.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
