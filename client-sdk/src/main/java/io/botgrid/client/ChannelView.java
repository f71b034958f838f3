package io.botgrid.client;

import java.util.Map;

/**
 * A channel a bot is connected to, as the server shows it: secrets come back masked (an ellipsis and their last four
 * characters), enough to tell which secret is set without exposing it.
 *
 * @param ingressPath where the platform must send events, relative to a node's endpoint, e.g.
 *     {@code /slack/events/support-bot}; empty for channels without ingress
 */
public record ChannelView(ChannelKind kind, Map<String, String> settings, String ingressPath) {
    public ChannelView {
        settings = Map.copyOf(settings);
    }
}
