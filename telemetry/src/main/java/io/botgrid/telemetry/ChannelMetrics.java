package io.botgrid.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/**
 * The channels' metrics (Slack, webhooks): messages in, replies delivered, retries, permanent failures and refused
 * signatures, each by platform ({@code slack}, {@code webhook}: a closed set); and what the node's outbox holds.
 */
public final class ChannelMetrics {
    private static final java.util.Set<String> SOCKET_MODE_EVENTS = java.util.Set.of("connected", "reconnect",
            "disconnect_requested", "envelope");
    private final Counter inbound;
    private final Counter delivered;
    private final Counter retries;
    private final Counter failures;
    private final Counter signatureRejections;
    private final Counter socketMode;
    private volatile Supplier<OutboxLoad> outbox = () -> OutboxLoad.EMPTY;

    /**
     * Replies the node's outbox holds: handed over and not yet recorded as delivered or given up.
     *
     * @param held all of them (being sent, waiting to retry, their delivery being recorded, or queued)
     * @param queued those waiting for a free slot to their destination ({@code replyMaxInFlight} reached there)
     */
    public record OutboxLoad(int held, int queued) {
        static final OutboxLoad EMPTY = new OutboxLoad(0, 0);
    }

    ChannelMetrics(PrometheusRegistry registry) {
        inbound = Counter.builder().name("botgrid_channel_messages_in_total")
                .help("Inbound channel messages accepted for a bot, by platform").labelNames("platform")
                .register(registry);
        delivered = Counter.builder().name("botgrid_channel_replies_delivered_total")
                .help("Bot replies delivered to a channel, by platform").labelNames("platform").register(registry);
        retries = Counter.builder().name("botgrid_channel_delivery_retries_total")
                .help("Reply deliveries that failed in a retryable way and will be tried again, by platform")
                .labelNames("platform").register(registry);
        failures = Counter.builder().name("botgrid_channel_delivery_failures_total")
                .help("Reply deliveries given up for good, by platform").labelNames("platform").register(registry);
        signatureRejections = Counter.builder().name("botgrid_channel_signature_rejections_total")
                .help("Inbound requests refused for a bad or stale signature, by platform").labelNames("platform")
                .register(registry);
        socketMode = Counter.builder().name("botgrid_slack_socket_mode_events_total")
                .help("Slack Socket Mode receiver events: connected (hello), reconnect (scheduled after a drop or "
                        + "refusal), disconnect_requested (by Slack), envelope (received)").labelNames("event")
                .register(registry);
        // Why a gauge: the counters show replies delivered, not how many wait. A receiver that slows down (or a
        // rate-limited Slack workspace) shows here first, as queued replies, long before anything is given up.
        GaugeWithCallback.builder().name("botgrid_outbox_replies")
                .help("Replies this node's outbox holds, by state: queued (waiting for a free slot to their "
                        + "destination) or active (being sent, waiting to retry, or their delivery being recorded)")
                .labelNames("state")
                .callback(cb -> {
                    OutboxLoad load = outbox.get();
                    cb.call(load.queued(), "queued");
                    cb.call(Math.max(0, load.held() - load.queued()), "active"); // two reads: never below zero
                }).register(registry);
        for (String event : SOCKET_MODE_EVENTS) {
            socketMode.labelValues(event);
        }
        for (String platform : new String[] {"slack", "webhook"}) {
            inbound.labelValues(platform);
            delivered.labelValues(platform);
            retries.labelValues(platform);
            failures.labelValues(platform);
            signatureRejections.labelValues(platform);
        }
    }

    public void inbound(String platform) {
        inbound.labelValues(platform).inc();
    }

    public void delivered(String platform) {
        delivered.labelValues(platform).inc();
    }

    public void retry(String platform) {
        retries.labelValues(platform).inc();
    }

    public void failed(String platform) {
        failures.labelValues(platform).inc();
    }

    public void signatureRejected(String platform) {
        signatureRejections.labelValues(platform).inc();
    }

    /** Where {@code botgrid_outbox_replies} reads from (at scrape time only); the node's outbox sets it. */
    public void outboxSource(Supplier<OutboxLoad> source) {
        outbox = source == null ? () -> OutboxLoad.EMPTY : source;
    }

    /** A Socket Mode receiver event; anything outside the closed set is ignored (bounded label values). */
    public void socketMode(String event) {
        if (SOCKET_MODE_EVENTS.contains(event)) {
            socketMode.labelValues(event).inc();
        }
    }
}
