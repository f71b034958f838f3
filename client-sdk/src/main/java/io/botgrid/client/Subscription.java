package io.botgrid.client;

/** A running event stream; closing it stops the stream. */
public interface Subscription extends AutoCloseable {
    /** Sequence number of the last event delivered, 0 before the first. */
    long lastSeq();

    @Override
    void close();
}
