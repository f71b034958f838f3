package io.botgrid.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds port ranges nobody listens on, so a benchmark cluster never discovers another cluster on the machine. The
 * ranges are drawn from 30,000-32,399: below the Linux ephemeral range and apart from the test kit's 12,000-29,999.
 */
final class Ports {
    private Ports() {
    }

    /** First port of a free range of {@code width} ports. */
    static int freeRange(int width) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 30_000 + ThreadLocalRandom.current().nextInt(2_400 / width) * width;
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
