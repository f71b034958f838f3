package io.botgrid.workers;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The workers component's part of the node configuration.
 *
 * @param nodeName the node's name, reported in status and events
 * @param threads threads of the shared pool all worker instances run on (they run one message at a time each, so
 *        this bounds CPU use, not the number of workers). Defaults to the number of processors
 * @param maxPayloadBytes the largest message accepted by send, broadcast and push ({@link
 *        io.botgrid.workers.spi.WorkerMessage#weight()}). Defaults to 1 MiB
 * @param mailboxCapacity messages a standalone or group worker may hold waiting. Defaults to 1024
 * @param pluginsDir folder whose jars hold worker function plugins, or null for none (the same folder as bot handler
 *        plugins in a node)
 */
public record WorkersConfig(String nodeName, int threads, int maxPayloadBytes, int mailboxCapacity, Path pluginsDir) {
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;
    public static final int DEFAULT_MAILBOX_CAPACITY = 1024;

    public WorkersConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        if (threads < 1) {
            throw new IllegalArgumentException("workers threads must be at least 1, got " + threads);
        }
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("workers maxPayloadBytes must be at least 1, got " + maxPayloadBytes);
        }
        if (mailboxCapacity < 1) {
            throw new IllegalArgumentException("workers mailboxCapacity must be at least 1, got " + mailboxCapacity);
        }
    }

    /** Defaults for a node of this name, no plugins. */
    public static WorkersConfig defaults(String nodeName) {
        return new WorkersConfig(nodeName, Math.max(2, Runtime.getRuntime().availableProcessors()),
                DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAILBOX_CAPACITY, null);
    }

    public WorkersConfig withThreads(int n) {
        return new WorkersConfig(nodeName, n, maxPayloadBytes, mailboxCapacity, pluginsDir);
    }

    public WorkersConfig withMaxPayloadBytes(int n) {
        return new WorkersConfig(nodeName, threads, n, mailboxCapacity, pluginsDir);
    }

    public WorkersConfig withMailboxCapacity(int n) {
        return new WorkersConfig(nodeName, threads, maxPayloadBytes, n, pluginsDir);
    }

    public WorkersConfig withPluginsDir(Path dir) {
        return new WorkersConfig(nodeName, threads, maxPayloadBytes, mailboxCapacity, dir);
    }
}
