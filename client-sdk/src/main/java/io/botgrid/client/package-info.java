/**
 * Botgrid's Java client: {@link io.botgrid.client.BotgridClient} connects to any nodes of a cluster over gRPC and
 * calls actors, follows their events, administers the cluster, manages bots and talks to them. The public types
 * carry no gRPC or Protobuf internals beyond the user's own message types; the machinery is in
 * {@code io.botgrid.client.internal}.
 */
package io.botgrid.client;
