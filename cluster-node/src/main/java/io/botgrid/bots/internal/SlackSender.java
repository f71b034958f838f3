package io.botgrid.bots.internal;

import io.botgrid.channels.DeliveryResult;
import io.botgrid.channels.Channels;
import io.botgrid.channels.HttpTracing;
import io.botgrid.proto.v1.ChannelRecord;
import io.botgrid.proto.v1.ReplyProduced;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Sends replies to Slack with {@code chat.postMessage}, with the bot's token, to the channel and thread they answer. */
final class SlackSender implements ChannelSender {
    private final HttpClient http;
    private final Map<String, Channels.SlackPoster> apis = new ConcurrentHashMap<>();

    private final HttpTracing tracing;

    SlackSender(HttpClient http, HttpTracing tracing) {
        this.http = http;
        this.tracing = tracing;
    }

    @Override
    public CompletableFuture<DeliveryResult> send(ChannelRecord channel, SessionKey session, ReplyProduced reply) {
        String base = channel.getSettingsMap().getOrDefault(ChannelSettings.SLACK_API_BASE_URL,
                ChannelSettings.DEFAULT_SLACK_API);
        Channels.SlackPoster api = apis.computeIfAbsent(base, b -> Channels.slack(http, URI.create(b), tracing));
        String threadTs = reply.getTarget().getThreadTs();
        return api.postMessage(channel.getSettingsMap().get(ChannelSettings.SLACK_BOT_TOKEN),
                reply.getTarget().getChannel(), threadTs.isEmpty() ? null : threadTs, reply.getText(),
                reply.getReplyId());
    }
}
