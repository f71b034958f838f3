/**
 * The bot platform as a node offers it to its fronts: {@link io.botgrid.bots.platform.BotsApi} (bots, channels,
 * sessions, messages, replies), the {@link io.botgrid.bots.platform.BotApiException} it refuses bad requests with,
 * and the platform's own settings, {@link io.botgrid.bots.platform.BotsConfig}. The gRPC front depends on this
 * package only; the machinery behind it is in {@code io.botgrid.bots.internal}.
 */
package io.botgrid.bots.platform;
