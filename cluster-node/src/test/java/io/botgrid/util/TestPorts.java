package io.botgrid.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports on 127.0.0.1 that were free a moment ago, for tests that start real nodes: fixed ports collide with other
 * tests of the same suite run in parallel forks or with a port still in TIME_WAIT.
 */
public final class TestPorts {
    private TestPorts() {
    }

    /** {@code n} distinct ports, all held open together while chosen so none is handed out twice. */
    public static List<Integer> free(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                s.setReuseAddress(true);
                held.add(s);
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a listening socket that never accepted cannot lose anything
                }
            }
        }
    }
}
