/**
 * The platform-neutral edge of Botgrid's bots: what comes in from a chat platform and what goes back out.
 *
 * <p>Slack, signed webhooks and the gRPC front speak very different protocols, but the bot and session actors
 * should not care which one a message came through. Everything a platform delivers is therefore normalised into an
 * {@link io.botgrid.channels.InboundMessage} (carrying a {@link io.botgrid.channels.ChannelTarget} that says where a
 * reply must go), and everything a bot says leaves as an {@link io.botgrid.channels.OutboundReply} whose delivery
 * ends in a {@link io.botgrid.channels.DeliveryResult} that tells the outbox whether to stop, retry or give up.
 *
 * <p>The node's HTTP endpoint reaches the bots through an {@link io.botgrid.channels.IngressHandler}, implemented
 * by the bots core, so that the protocol code never depends on actors. Protocol details (signatures, event formats,
 * the Slack Web API, the endpoint server) live in {@code io.botgrid.channels.internal} and are not API.
 */
package io.botgrid.channels;
