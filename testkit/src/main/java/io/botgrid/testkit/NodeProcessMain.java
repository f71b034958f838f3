package io.botgrid.testkit;

import io.botgrid.actor.ActorTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** Main class of a {@link NodeProcess}: starts one node, prints {@value #READY}, runs until terminated. */
public final class NodeProcessMain {
    static final String READY = "BOTGRID-NODE-READY";

    private NodeProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        @SuppressWarnings("unchecked")
        Supplier<ActorTypes> types = (Supplier<ActorTypes>) Class.forName(args[0]).getDeclaredConstructor()
                .newInstance();
        NodeConfig config = NodeConfig.builder()
                .nodeName(args[1])
                .dataDir(Path.of(args[2]))
                .discoveryPort(Integer.parseInt(args[3]))
                .communicationPort(Integer.parseInt(args[4]))
                .portRange(Integer.parseInt(args[5]))
                .seeds(Arrays.asList(args[6].split(",")))
                .failureDetectionTimeout(Duration.ofMillis(Long.parseLong(args[7])))
                .baselineAutoAdjust(Duration.ofMillis(Long.parseLong(args[8])))
                .region(args[9])
                .zone(args[10])
                .zoneAwareBackups(Boolean.parseBoolean(args[11]))
                .zones(args[12].isEmpty() ? List.of() : Arrays.asList(args[12].split(",")))
                .backups(Integer.parseInt(args[13]))
                .dataRegionSizeMb(128)
                .sweepInterval(Duration.ofMillis(100))
                .reminderTick(Duration.ofMillis(100))
                .grpcPort(0)
                .endpointPort(0)
                .metricsPort(0)
                .consolePort(-1)
                .build();
        BotgridNode node = BotgridNode.builder().config(config).actorTypes(types.get()).start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stop.countDown();
        }));
        node.awaitReady(Duration.ofMinutes(2));
        System.out.println(READY + " " + config.nodeName() + " grpc=" + node.grpcPort());
        stop.await();
    }
}
