package io.botgrid.channels.internal;

/**
 * The request headers a platform protocol reads, independent of the HTTP server underneath, so that a protocol is
 * a pure function of headers and body and the server can change without touching it.
 */
@FunctionalInterface
public interface RequestHeaders {
    /** The first value of header {@code name} (case-insensitive), or {@code null} when absent. */
    String getFirst(String name);
}
