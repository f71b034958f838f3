package io.botgrid.channels;

import io.botgrid.channels.internal.EndpointServer;
import io.botgrid.channels.internal.EndpointServerConfig;
import io.botgrid.channels.internal.slack.SlackWebApi;
import io.botgrid.channels.internal.slack.SocketModeReceivers;
import io.botgrid.channels.internal.webhook.WebhookPoster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The public entry into channels for their users (the bot platform): start the inbound endpoint, and get the
 * outbound clients of each platform. Keeping this one facade lets everything behind it (Jetty, Slack's Web API,
 * webhook signing) stay in {@code channels.internal}, which no other component imports.
 */
public final class Channels {
    private Channels() {
    }

    /** Posts a reply into a Slack conversation ({@code chat.postMessage}); never completes exceptionally. */
    @FunctionalInterface
    public interface SlackPoster {
        CompletableFuture<DeliveryResult> postMessage(String botToken, String channel, String threadTs, String text,
                                                      String replyId);
    }

    /**
     * Slack's Web API for replies that are edited while they are produced: the first part is posted and its
     * {@code ts} kept, later parts and the final text replace the message's text. Never completes exceptionally.
     */
    public interface SlackClient extends SlackPoster {
        /** As {@link #postMessage}, and the message's {@code ts} when it was delivered (else empty). */
        CompletableFuture<Optional<String>> postForTs(String botToken, String channel, String threadTs, String text,
                                                      String replyId);

        /** Replaces the text of message {@code ts} ({@code chat.update}). */
        CompletableFuture<DeliveryResult> update(String botToken, String channel, String ts, String text,
                                                 String replyId);
    }

    /** Posts a reply as a signed JSON request to a webhook URL; never completes exceptionally. */
    @FunctionalInterface
    public interface WebhookDelivery {
        CompletableFuture<DeliveryResult> post(URI url, String secret, OutboundReply reply);
    }

    /**
     * Binds and starts the channel endpoint, handing authenticated messages to {@code ingress}; signed timestamps
     * are checked against {@code clock}.
     *
     * @throws IOException if the port cannot be bound
     */
    public static ChannelEndpoint startEndpoint(EndpointConfig config, IngressHandler ingress, Clock clock)
            throws IOException {
        return startEndpoint(config, ingress, clock, HttpTracing.OFF);
    }

    /** {@link #startEndpoint(EndpointConfig, IngressHandler, Clock)} with a SERVER span per callback. */
    public static ChannelEndpoint startEndpoint(EndpointConfig config, IngressHandler ingress, Clock clock,
                                                HttpTracing tracing) throws IOException {
        EndpointServer server = EndpointServer.start(EndpointServerConfig.from(config), ingress, clock, tracing);
        return new ChannelEndpoint() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    /** Slack's Web API at {@code baseUrl} (Slack's own, or a local stand-in in tests). */
    public static SlackClient slack(HttpClient http, URI baseUrl) {
        return client(new SlackWebApi(http, baseUrl));
    }

    /** {@link #slack(HttpClient, URI)} with a CLIENT span per request, its {@code traceparent} sent along. */
    public static SlackClient slack(HttpClient http, URI baseUrl, HttpTracing tracing) {
        return client(new SlackWebApi(http, baseUrl, tracing));
    }

    private static SlackClient client(SlackWebApi api) {
        return new SlackClient() {
            @Override
            public CompletableFuture<DeliveryResult> postMessage(String botToken, String channel, String threadTs,
                                                                 String text, String replyId) {
                return api.postMessage(botToken, channel, threadTs, text, replyId);
            }

            @Override
            public CompletableFuture<Optional<String>> postForTs(String botToken, String channel, String threadTs,
                                                                 String text, String replyId) {
                return api.post(botToken, channel, threadTs, text, replyId)
                        .thenApply(p -> Optional.ofNullable(p.ts()));
            }

            @Override
            public CompletableFuture<DeliveryResult> update(String botToken, String channel, String ts, String text,
                                                            String replyId) {
                return api.update(botToken, channel, ts, text, replyId);
            }
        };
    }

    /** {@link #webhooks(HttpClient)} with a CLIENT span per request, its {@code traceparent} sent along. */
    public static WebhookDelivery webhooks(HttpClient http, HttpTracing tracing) {
        return new WebhookPoster(http, tracing)::post;
    }

    /**
     * The worker function that holds bots' Slack Socket Mode connections ({@value SocketModeReceivers#NAME}, setting
     * {@code bot}): run one per bot with an app token, on the bot's owner node. It reads the bot's settings through
     * {@link IngressHandler#socketMode} and stores events through {@link IngressHandler#accept}.
     *
     * @param timers schedules reconnections (not owned)
     */
    public static io.botgrid.workers.spi.WorkerFunctionFactory slackSocketMode(IngressHandler ingress, HttpClient http,
                                                                              ScheduledExecutorService timers,
                                                                              Clock clock) {
        return new SocketModeReceivers(ingress, http, timers, clock, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The name of the {@link #slackSocketMode} worker function, and of its one setting. */
    public static final String SLACK_SOCKET_MODE_FUNCTION = SocketModeReceivers.NAME;
    public static final String SLACK_SOCKET_MODE_BOT_SETTING = SocketModeReceivers.BOT;

    /**
     * Checks an app-level token with Slack ({@code apps.connections.open}, whose one-time URL is not used): fails
     * with {@link SlackAppTokenException} when Slack refuses the token, with another exception when Slack cannot be
     * reached.
     */
    public static CompletableFuture<Void> checkSlackAppToken(HttpClient http, URI apiBaseUrl, String appToken) {
        return new io.botgrid.channels.internal.slack.SlackConnectionsApi(http, Duration.ofSeconds(10))
                .open(apiBaseUrl, appToken).thenApply(url -> null);
    }

    /** Signed webhook deliveries with retries on the answers that allow them. */
    public static WebhookDelivery webhooks(HttpClient http) {
        return new WebhookPoster(http)::post;
    }
}
