package io.botgrid.channels;

/**
 * A running channel endpoint (the HTTP side that Slack and webhooks post to), as the bot platform sees it: its port
 * and a way to stop it. Started by {@link Channels#startEndpoint}; the server behind it stays internal to channels.
 */
public interface ChannelEndpoint extends AutoCloseable {
    /** The port bound (the one the system chose when the configured port is 0). */
    int port();

    /** Stops taking requests; requests in flight finish within the endpoint's own bound. */
    @Override
    void close();
}
