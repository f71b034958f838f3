package io.botgrid.bench;

import io.botgrid.node.BotgridNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Main class of a benchmark node in a JVM of its own: starts one node with the benchmark types, prints
 * {@value #READY} once it takes calls, and stops when its standard input ends (the driver closed it, or died) or on
 * SIGTERM. Arguments are those of {@link BenchNodeConfig#toArgs()}.
 */
public final class BenchNodeMain {
    static final String READY = "BOTGRID-BENCH-NODE-READY";

    private BenchNodeMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", WorkloadDriver.LOGBACK_CONFIG);
        }
        int code = 0;
        BotgridNode node = null;
        try {
            BenchNodeConfig config = BenchNodeConfig.fromArgs(args);
            node = BotgridNode.builder().config(config.toNodeConfig()).actorTypes(BenchTypes.create()).start();
            BotgridNode started = node;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "bench-node-stop"));
            node.awaitReady(Duration.ofMinutes(2));
            System.out.println(READY + " " + config.name());
            System.out.flush();
            waitForEndOfInput(System.in);
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        } finally {
            if (node != null) {
                node.close();
            }
        }
        System.exit(code);
    }

    private static void waitForEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // any input is ignored; end of input means stop
            }
        } catch (IOException e) {
            // the driver is gone: stop as well
        }
    }
}
