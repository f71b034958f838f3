package io.botgrid.console;

import io.botgrid.console.internal.ConsoleServer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;

/**
 * A node's web console, started and stopped by the node. {@link #close()} is bounded by the stop timeout and
 * idempotent, also after a failed start of the node. Thread-safe.
 */
public final class Console implements AutoCloseable {
    /** The path every page lives under. */
    public static final String PATH = "/console";
    /** The default port ({@code consolePort}). */
    public static final int DEFAULT_PORT = 7_095;

    private final ConsoleServer server;

    private Console(ConsoleServer server) {
        this.server = server;
    }

    /**
     * Binds and starts the console.
     *
     * @throws IOException when the port cannot be bound or the TLS files cannot be read
     * @throws IllegalArgumentException when the JWT secret file cannot be read or is too short
     */
    public static Console start(ConsoleConfig config, ConsolePorts ports, Clock clock) throws IOException {
        return new Console(ConsoleServer.start(config, ports, clock));
    }

    /** The bound port (the chosen one when configured with 0). */
    public int port() {
        return server.port();
    }

    /** Where the console's pages are, e.g. {@code http://127.0.0.1:7095/console}. */
    public URI uri() {
        return server.uri();
    }

    /** Stops serving; requests in flight and live views get at most the stop timeout. */
    @Override
    public void close() {
        server.close();
    }
}
