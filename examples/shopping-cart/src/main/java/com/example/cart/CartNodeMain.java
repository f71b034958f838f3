package com.example.cart;

import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import io.botgrid.node.NodeConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A node main of your own (the embedded API), for when {@code bin/botgrid node start} with the cart jar in its
 * plugins folder is not enough: loads the YAML configuration, registers the cart, stops cleanly on Ctrl-C.
 *
 * <p>Run with the JVM flags of Botgrid's {@code config/jvm.args}: {@code java @jvm.args -cp ... CartNodeMain
 * node.yaml}. Those flags turn Ignite's own shutdown hook off ({@code -DIGNITE_NO_SHUTDOWN_HOOK=true}) so that the
 * hook below can stop the node in order (gRPC calls finish, actors are handed over, then Ignite stops).
 */
public final class CartNodeMain {
    private CartNodeMain() {
    }

    public static void main(String[] args) throws TimeoutException {
        BotgridNode node = start(args.length > 0 ? Path.of(args[0]) : null);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "cart-node-shutdown"));
        System.out.printf("cart node %s is up, gRPC on port %d; Ctrl-C stops it%n", node.name(), node.grpcPort());
        node.whenStopped().join(); // Ctrl-C, or a DrainNode call that took this node out of the cluster
    }

    /**
     * Starts a node hosting the cart with the configuration of {@code yamlOrNull} (every key of {@link NodeConfig};
     * the defaults when null) and waits until it takes calls.
     */
    public static BotgridNode start(Path yamlOrNull) throws TimeoutException {
        NodeConfig config = yamlOrNull == null ? NodeConfig.defaults() : new NodeConfigLoader().load(yamlOrNull);
        BotgridNode node = BotgridNode.builder().config(config).actorTypes(CartTypes.actorTypes()).start();
        try {
            return node.awaitReady(Duration.ofMinutes(2));
        } catch (TimeoutException | RuntimeException e) {
            node.close();
            throw e;
        }
    }
}
