package io.botgrid.it.netns;

import io.botgrid.it.ItSupport;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Main class of a node JVM that {@link NetnsLab} starts inside a network namespace: one node bound to the
 * namespace's address, with the test actors, printing {@value #READY} once it takes calls. It halts when its
 * standard input closes, so that a node never outlives the test JVM (even one killed with {@code kill -9}).
 *
 * <p>Arguments: host, node name, data folder, seeds (comma-separated), failure detection timeout (ms), baseline
 * auto-adjust (ms), gRPC port.
 */
public final class NetnsNodeMain {
    static final String READY = "BOTGRID-NETNS-NODE-READY";

    private NetnsNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread stdinWatch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent never writes; end of input means the parent is gone
                }
            } catch (java.io.IOException e) {
                // same: the parent is gone
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();
        NodeConfig config = NodeConfig.builder()
                .host(args[0])
                .nodeName(args[1])
                .dataDir(Path.of(args[2]))
                .discoveryPort(47_500)
                .communicationPort(47_100)
                .portRange(1)
                .seeds(Arrays.asList(args[3].split(",")))
                .failureDetectionTimeout(Duration.ofMillis(Long.parseLong(args[4])))
                .baselineAutoAdjust(Duration.ofMillis(Long.parseLong(args[5])))
                .grpcPort(Integer.parseInt(args[6]))
                .consolePort(-1)
                .dataRegionSizeMb(128)
                .sweepInterval(Duration.ofMillis(200))
                .reminderTick(Duration.ofMillis(200))
                .botsEnabled(false)
                .endpointPort(0)
                .build();
        BotgridNode node = BotgridNode.builder().config(config).actorTypes(ItSupport.ledgerTypes()).start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stop.countDown();
        }));
        node.awaitReady(Duration.ofMinutes(2));
        System.out.println(READY + " " + config.nodeName());
        stop.await();
    }
}
