package io.botgrid.client;

/** Where a bot's users talk to it: each kind has its own way in and out, and its own settings. */
public enum ChannelKind {
    /** Slack's Events API in, {@code chat.postMessage} out. See {@link SlackSettings}. */
    SLACK,
    /** Signed JSON POSTs in and out. See {@link WebhookSettings}. */
    WEBHOOK,
    /** This SDK's {@link Conversations}: always connected, no settings. */
    GRPC,
    /** A kind this SDK does not know yet (a newer server). */
    UNKNOWN
}
