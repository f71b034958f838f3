package io.botgrid.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A bot as the cluster stores it. A snapshot: {@code version} grows with every change, so a caller can tell whether
 * what it read is at least as new as what it wrote.
 *
 * @param handlerSettings the settings text as given, with secrets masked
 */
public record BotView(String id, String name, String handler, String handlerSettings, BotState state,
                      List<ChannelView> channels, Instant createdAt, Instant updatedAt, long version) {
    public BotView {
        channels = List.copyOf(channels);
    }

    /** The channel of that kind, if the bot is connected to it. */
    public Optional<ChannelView> channel(ChannelKind kind) {
        return channels.stream().filter(c -> c.kind() == kind).findFirst();
    }
}
