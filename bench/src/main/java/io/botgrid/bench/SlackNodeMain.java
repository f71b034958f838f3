package io.botgrid.bench;

import io.botgrid.actor.ActorTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The node of the Slack endpoint benchmark in a JVM of its own (started by {@link SlackEndpointBench} through
 * {@link ChildNode#launch}), so that the benchmark's CPU figures separate the node from the load generator: one node
 * (defaults but for ports), an echo bot {@value SlackEndpointBench#BOT} with a Slack channel whose Web API is the
 * driver's local Slack. Arguments: {@code <data folder> <first free port> <Slack API base URL>}. Prints
 * {@value BenchNodeMain#READY} with {@code endpointPort=<port>} and {@code metricsPort=<port>} once the channel is
 * connected, and stops when its standard input ends or on SIGTERM.
 */
public final class SlackNodeMain {
    static final String ENDPOINT_PORT = "endpointPort=";
    static final String METRICS_PORT = "metricsPort=";

    private SlackNodeMain() {
    }

    public static void main(String[] args) {
        BenchNodeMain.runChild(() -> BotgridNode.builder().config(config(Path.of(args[0]), Integer.parseInt(args[1])))
                .actorTypes(ActorTypes.none()).start(), node -> {
                    connect(node, args[2]);
                    BenchNodeMain.serveUntilEndOfInput("slack-node", node.grpcPort(),
                            ENDPOINT_PORT + node.endpointPort(), METRICS_PORT + node.metricsPort());
                });
    }

    /** The benchmark's node: the defaults (WAL mode included), every port chosen here or by the system. */
    static NodeConfig config(Path dataDir, int port) {
        return NodeConfig.builder().nodeName("slack-bench").dataDir(dataDir)
                .discoveryPort(port).communicationPort(port + 10).portRange(9).grpcPort(0).endpointPort(0)
                .metricsPort(0).consolePort(-1).baselineAutoAdjust(Duration.ZERO).build();
    }

    private static void connect(BotgridNode node, String slackApi) {
        node.bots().createBot(CreateBotRequest.newBuilder().setBotId(SlackEndpointBench.BOT).setName("bench")
                .setHandler("echo").build()).join();
        node.bots().connectChannel(ConnectChannelRequest.newBuilder().setBotId(SlackEndpointBench.BOT)
                .setKind(ChannelKind.CHANNEL_KIND_SLACK).putSettings("signing_secret", SlackEndpointBench.SECRET)
                .putSettings("bot_token", "xoxb-bench").putSettings("api_base_url", slackApi).build()).join();
    }
}
