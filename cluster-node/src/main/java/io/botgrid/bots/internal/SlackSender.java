package io.botgrid.bots.internal;

import io.botgrid.bots.PartialReplies;
import io.botgrid.channels.Channels;
import io.botgrid.channels.DeliveryResult;
import io.botgrid.channels.HttpTracing;
import io.botgrid.proto.v1.ChannelRecord;
import io.botgrid.proto.v1.ReplyProduced;
import io.botgrid.proto.v1.ReplyTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends replies to Slack with {@code chat.postMessage}, with the bot's token, to the channel and thread they answer;
 * and, for handlers that stream (the {@code llm} handler with {@code slack_update_every_tokens}), posts the first
 * part of a reply and edits that message ({@code chat.update}) with later parts and with the final reply.
 *
 * <p>Why the edited message is remembered here, in memory: the outbox that delivers the final reply runs on the node
 * that owns the session, which is the node whose handler streamed it. If the session moved in between (a failover),
 * the new owner does not know the message and posts the final reply as a new one; the partial message stays (a rare
 * duplicate, never a lost reply). Entries of replies that never come (a handler that failed) expire.
 */
final class SlackSender implements ChannelSender {
    /** How long a streamed message waits for its final reply before it is forgotten. */
    static final Duration STREAM_TTL = Duration.ofMinutes(10);

    private final HttpClient http;
    private final Map<String, Channels.SlackClient> apis = new ConcurrentHashMap<>();
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final HttpTracing tracing;

    SlackSender(HttpClient http, HttpTracing tracing) {
        this.http = http;
        this.tracing = tracing;
    }

    @Override
    public CompletableFuture<DeliveryResult> send(ChannelRecord channel, SessionKey session, ReplyProduced reply) {
        Channels.SlackClient api = api(channel);
        String token = channel.getSettingsMap().get(ChannelSettings.SLACK_BOT_TOKEN);
        Stream stream = streams.get(reply.getReplyId());
        if (stream != null) {
            return stream.finish().thenCompose(ts -> {
                if (ts.isEmpty()) { // the first part was never posted: post the reply as usual
                    return post(api, token, reply);
                }
                return api.update(token, reply.getTarget().getChannel(), ts.get(), reply.getText(),
                        reply.getReplyId()).thenCompose(r -> r instanceof DeliveryResult.Failed
                        ? post(api, token, reply) // the message is gone (deleted, too old to edit): post anew
                        : CompletableFuture.completedFuture(r));
            }).whenComplete((r, e) -> {
                if (!(r instanceof DeliveryResult.Retry)) {
                    streams.remove(reply.getReplyId(), stream);
                }
            });
        }
        return post(api, token, reply);
    }

    private static CompletableFuture<DeliveryResult> post(Channels.SlackClient api, String token,
                                                          ReplyProduced reply) {
        String threadTs = reply.getTarget().getThreadTs();
        return api.postMessage(token, reply.getTarget().getChannel(), threadTs.isEmpty() ? null : threadTs,
                reply.getText(), reply.getReplyId());
    }

    @Override
    public PartialReplies partials(ChannelRecord channel, ReplyTarget target, String replyId) {
        long now = System.nanoTime();
        streams.values().removeIf(s -> now - s.startedNanos > STREAM_TTL.toNanos());
        Channels.SlackClient api = api(channel);
        String token = channel.getSettingsMap().get(ChannelSettings.SLACK_BOT_TOKEN);
        return new PartialReplies() {
            @Override
            public void publish(int index, String textSoFar) {
                streams.computeIfAbsent(replyId, id -> new Stream(api, token, target, id, now)).publish(textSoFar);
            }

            @Override
            public boolean editsMessages() {
                return true;
            }
        };
    }

    @Override
    public String destination(ChannelRecord channel) {
        return base(channel);
    }

    private Channels.SlackClient api(ChannelRecord channel) {
        return apis.computeIfAbsent(base(channel), b -> Channels.slack(http, URI.create(b), tracing));
    }

    private static String base(ChannelRecord channel) {
        return channel.getSettingsMap().getOrDefault(ChannelSettings.SLACK_API_BASE_URL,
                ChannelSettings.DEFAULT_SLACK_API);
    }

    /**
     * One reply's Slack message while it streams: its Web API calls run one after the other (a late edit must never
     * overwrite a newer text), each part is sent once and not retried (the next part or the final reply carries the
     * whole text anyway), and once the final reply is due no more parts are sent.
     */
    private static final class Stream {
        private final Channels.SlackClient api;
        private final String token;
        private final ReplyTarget target;
        private final String replyId;
        final long startedNanos;
        private CompletableFuture<Optional<String>> ts; // guarded by this; null until the first part
        private boolean finished; // guarded by this

        Stream(Channels.SlackClient api, String token, ReplyTarget target, String replyId, long startedNanos) {
            this.api = api;
            this.token = token;
            this.target = target;
            this.replyId = replyId;
            this.startedNanos = startedNanos;
        }

        synchronized void publish(String textSoFar) {
            if (finished) {
                return;
            }
            if (ts == null) {
                String threadTs = target.getThreadTs();
                ts = api.postForTs(token, target.getChannel(), threadTs.isEmpty() ? null : threadTs, textSoFar,
                        replyId);
                return;
            }
            ts = ts.thenCompose(posted -> posted.isEmpty() ? CompletableFuture.completedFuture(posted)
                    : api.update(token, target.getChannel(), posted.get(), textSoFar, replyId)
                    .thenApply(r -> posted));
        }

        /** Stops taking parts; completes with the message's ts once the parts sent so far are done. */
        synchronized CompletableFuture<Optional<String>> finish() {
            finished = true;
            return ts == null ? CompletableFuture.completedFuture(Optional.empty()) : ts;
        }
    }
}
