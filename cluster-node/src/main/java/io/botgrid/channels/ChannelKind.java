package io.botgrid.channels;

/**
 * The kinds of channel a bot can be reached through. It selects both the ingress secrets a request is verified with
 * and the egress client a reply is delivered by, so one enum keeps the two sides in agreement.
 */
public enum ChannelKind {
    /** Slack's Events API in, {@code chat.postMessage} out. */
    SLACK,
    /** Botgrid's own signed JSON webhook, in and out. */
    WEBHOOK,
    /** The gRPC front; replies are read by the caller, nothing is pushed. */
    GRPC
}
