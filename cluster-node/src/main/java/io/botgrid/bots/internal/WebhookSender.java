package io.botgrid.bots.internal;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelTarget;
import io.botgrid.channels.DeliveryResult;
import io.botgrid.channels.OutboundReply;
import io.botgrid.channels.Channels;
import io.botgrid.channels.HttpTracing;
import io.botgrid.proto.v1.ChannelRecord;
import io.botgrid.proto.v1.ReplyProduced;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;

/** Sends replies as signed JSON POSTs to the URL of the bot's webhook channel. */
final class WebhookSender implements ChannelSender {
    private final Channels.WebhookDelivery poster;

    WebhookSender(HttpClient http, HttpTracing tracing) {
        this.poster = Channels.webhooks(http, tracing);
    }

    @Override
    public String destination(ChannelRecord channel) {
        try {
            URI url = URI.create(channel.getSettingsMap().get(ChannelSettings.WEBHOOK_URL));
            return url.getScheme() + "://" + url.getRawAuthority();
        } catch (RuntimeException e) {
            return ""; // validated when the channel was set; if not, the attempt itself reports it
        }
    }

    @Override
    public CompletableFuture<DeliveryResult> send(ChannelRecord channel, SessionKey session, ReplyProduced reply) {
        OutboundReply out = new OutboundReply(reply.getReplyId(), session.botId(), session.platform(), session.team(),
                session.conversation(), reply.getText(),
                new ChannelTarget(ChannelKind.WEBHOOK, session.conversation(), null));
        return poster.post(URI.create(channel.getSettingsMap().get(ChannelSettings.WEBHOOK_URL)),
                channel.getSettingsMap().get(ChannelSettings.WEBHOOK_SECRET), out);
    }
}
