package io.botgrid.bots.internal;

import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.telemetry.ChannelMetrics;
import io.botgrid.telemetry.Events;
import io.botgrid.telemetry.HandlerMetrics;
import io.botgrid.telemetry.LlmMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the bot platform records about itself: channel and handler metrics, and the {@code delivery.failed} and
 * {@code handler.error} events. Platform and handler label values are closed sets (the channel kinds, the installed
 * handlers' names), never a bot id; the bot id goes only into event metadata, and into the llm usage metrics, where
 * {@link PlatformLlmUsage} bounds it.
 */
public record PlatformTelemetry(ChannelMetrics channels, HandlerMetrics handlers, Events events, LlmMetrics llm) {
    public PlatformTelemetry {
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(events, "events");
    }

    /** The platform label of a channel kind: {@code slack}, {@code webhook}. */
    static String platform(ChannelKind kind) {
        return switch (kind) {
            case CHANNEL_KIND_SLACK -> "slack";
            case CHANNEL_KIND_WEBHOOK -> "webhook";
            default -> "other";
        };
    }

    static String platform(io.botgrid.channels.ChannelKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    void deliveryFailed(ChannelKind kind, String botId, String reason) {
        String platform = platform(kind);
        channels.failed(platform);
        events.emit("delivery.failed", Map.of("platform", platform, "bot", botId, "reason", shorten(reason)));
    }

    void handlerFailed(String handler, String botId, String reason, long nanos) {
        handlers.failed(handler, nanos);
        events.emit("handler.error", Map.of("handler", handler, "bot", botId, "reason", shorten(reason)));
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200);
    }
}
