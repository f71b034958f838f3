package io.botgrid.bots.internal;

import io.botgrid.ratelimit.RateLimiter;
import java.time.Duration;

import io.botgrid.bots.platform.BotApiException;
import io.botgrid.channels.ChannelSecrets;
import io.botgrid.channels.IngressHandler;
import io.botgrid.channels.InboundMessage;
import io.botgrid.channels.SocketModeSettings;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.BotState;
import io.botgrid.proto.v1.ChannelRecord;
import io.botgrid.proto.v1.ReplyTarget;
import io.botgrid.proto.v1.SessionReceive;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the channel endpoint hands incoming platform messages: it finds the bot's channel secrets in the local bot
 * index, and stores each message in its session (de-duplicated by the platform's message id) before the endpoint
 * acknowledges it; the session handles it in the same turn when its handler answers within a short budget, right
 * after in a turn of its own otherwise (see {@link SessionBehavior}).
 */
final class Ingress implements IngressHandler {
    private final BotDirectory directory;
    private final DefaultBotsApi api;
    private final Clock clock;
    private final PlatformTelemetry telemetry;

    private final RateLimiter limiter;

    Ingress(BotDirectory directory, DefaultBotsApi api, Clock clock, PlatformTelemetry telemetry,
            RateLimiter limiter) {
        this.limiter = limiter;
        this.telemetry = telemetry;
        this.directory = directory;
        this.api = api;
        this.clock = clock;
    }

    @Override
    public Optional<ChannelSecrets> secrets(String botId, io.botgrid.channels.ChannelKind kind) {
        Optional<BotRecord> bot;
        try {
            bot = directory.find(BotIds.check(botId));
        } catch (BotApiException e) {
            return Optional.empty();
        }
        return bot.filter(b -> b.getExists() && b.getState() != BotState.BOT_STATE_DELETED)
                .flatMap(b -> b.getChannelsList().stream().filter(c -> c.getKind() == protoKind(kind)).findFirst())
                .flatMap(Ingress::secretsOf);
    }

    /** Empty for a Slack channel in Socket Mode only (no signing secret): it takes no events over HTTP. */
    private static Optional<ChannelSecrets> secretsOf(ChannelRecord channel) {
        var s = channel.getSettingsMap();
        String secret = s.getOrDefault(ChannelSettings.SLACK_SIGNING_SECRET, s.get(ChannelSettings.WEBHOOK_SECRET));
        if (secret == null) {
            return Optional.empty();
        }
        return Optional.of(new ChannelSecrets(secret, s.getOrDefault(ChannelSettings.SLACK_BOT_USER_ID, ""),
                Boolean.parseBoolean(s.get(ChannelSettings.SLACK_THREAD_REPLIES))));
    }

    @Override
    public Optional<SocketModeSettings> socketMode(String botId) {
        Optional<BotRecord> bot;
        try {
            bot = directory.find(BotIds.check(botId));
        } catch (BotApiException e) {
            return Optional.empty();
        }
        return bot.filter(b -> b.getExists() && b.getState() != BotState.BOT_STATE_DELETED)
                .flatMap(b -> b.getChannelsList().stream()
                        .filter(c -> c.getKind() == io.botgrid.proto.v1.ChannelKind.CHANNEL_KIND_SLACK).findFirst())
                .flatMap(c -> {
                    var s = c.getSettingsMap();
                    return ChannelSettings.appToken(s).map(token -> new SocketModeSettings(token,
                            URI.create(s.getOrDefault(ChannelSettings.SLACK_API_BASE_URL,
                                    ChannelSettings.DEFAULT_SLACK_API)),
                            s.getOrDefault(ChannelSettings.SLACK_BOT_USER_ID, ""),
                            Boolean.parseBoolean(s.get(ChannelSettings.SLACK_THREAD_REPLIES))));
                });
    }

    @Override
    public void socketModeEvent(String event) {
        telemetry.channels().socketMode(event);
    }

    @Override
    public Duration throttle(String botId) {
        return limiter.acquireBot(botId);
    }

    @Override
    public CompletableFuture<Void> accept(InboundMessage message) {
        try {
            SessionKey key = new SessionKey(message.botId(), message.platform(), message.team(),
                    message.conversation());
            ReplyTarget.Builder target = ReplyTarget.newBuilder().setKind(protoKind(message.replyTo().kind()));
            if (message.replyTo().channel() != null) {
                target.setChannel(message.replyTo().channel());
            }
            if (message.replyTo().threadTs() != null) {
                target.setThreadTs(message.replyTo().threadTs());
            }
            SessionReceive receive = SessionReceive.newBuilder().setMessageId(message.messageId())
                    .setUserId(message.userId() == null ? "" : message.userId()).setText(message.text())
                    .setReceivedAtMillis(message.receivedAt() != null ? message.receivedAt().toEpochMilli()
                            : clock.millis())
                    .setReplyTo(target).setProcessNow(false).build();
            String platform = PlatformTelemetry.platform(message.replyTo().kind());
            return api.receive(key, receive).thenApply(reply -> {
                telemetry.channels().inbound(platform);
                return null;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void signatureRejected(io.botgrid.channels.ChannelKind kind) {
        telemetry.channels().signatureRejected(PlatformTelemetry.platform(kind));
    }

    static io.botgrid.proto.v1.ChannelKind protoKind(io.botgrid.channels.ChannelKind kind) {
        return switch (kind) {
            case SLACK -> io.botgrid.proto.v1.ChannelKind.CHANNEL_KIND_SLACK;
            case WEBHOOK -> io.botgrid.proto.v1.ChannelKind.CHANNEL_KIND_WEBHOOK;
            case GRPC -> io.botgrid.proto.v1.ChannelKind.CHANNEL_KIND_GRPC;
        };
    }
}
