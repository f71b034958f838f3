package io.botgrid.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds port ranges nobody listens on, so that clusters of concurrent test JVMs never discover each other.
 */
final class Ports {
    private Ports() {
    }

    /** First port of a free range of {@code width} ports, below the Linux ephemeral range. */
    static int freeRange(int width) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 12_000 + ThreadLocalRandom.current().nextInt(900) * 20;
            if (allFree(base, width)) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of " + width + " ports found");
    }

    private static boolean allFree(int base, int width) {
        for (int p = base; p < base + width; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
