package io.botgrid.client.internal;

import io.botgrid.client.BotQuery;
import io.botgrid.client.BotSpec;
import io.botgrid.client.BotStats;
import io.botgrid.client.BotUpdate;
import io.botgrid.client.BotView;
import io.botgrid.client.Bots;
import io.botgrid.client.ChannelKind;
import io.botgrid.client.Page;
import io.botgrid.client.SlackSettings;
import io.botgrid.client.SlackSocketModeSettings;
import io.botgrid.client.WebhookSettings;
import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotRef;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.DisconnectChannelRequest;
import io.botgrid.proto.v1.GetBotRequest;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.UpdateBotRequest;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** {@link Bots} over the BotService. */
public final class GrpcBots implements Bots {
    private final Unary unary;
    private final Duration timeout;
    private final Executor executor;

    public GrpcBots(Unary unary, Duration timeout, Executor executor) {
        this.unary = unary;
        this.timeout = timeout;
        this.executor = executor;
    }

    private <Q> CompletableFuture<BotView> bot(MethodDescriptor<Q, Bot> method, Q request) {
        return unary.call(method, request, deadline()).thenApplyAsync(ProtoViews::bot, executor);
    }

    private Deadline deadline() {
        return Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The caller's key, or a new one; made once per call, so the SDK's retries of that call reuse it. */
    static String key(String given) {
        return given != null ? given : UUID.randomUUID().toString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public CompletableFuture<BotView> create(BotSpec spec) {
        return bot(BotServiceGrpc.getCreateBotMethod(), CreateBotRequest.newBuilder()
                .setBotId(orEmpty(spec.id()))
                .setName(spec.name())
                .setHandler(spec.handler())
                .setHandlerSettings(spec.handlerSettings())
                .setIdempotencyKey(key(spec.idempotencyKey()))
                .build());
    }

    @Override
    public CompletableFuture<BotView> get(String botId) {
        return bot(BotServiceGrpc.getGetBotMethod(), GetBotRequest.newBuilder().setBotId(orEmpty(botId)).build());
    }

    @Override
    public CompletableFuture<Page<BotView>> list(BotQuery query) {
        ListBotsRequest request = ListBotsRequest.newBuilder()
                .setState(ProtoViews.state(query.state()))
                .setPageSize(query.pageSize())
                .setPageToken(query.pageToken())
                .build();
        return unary.call(BotServiceGrpc.getListBotsMethod(), request, deadline())
                .thenApplyAsync(r -> new Page<>(r.getBotsList().stream().map(ProtoViews::bot).toList(),
                        r.getNextPageToken()), executor);
    }

    @Override
    public Iterator<BotView> listAll(BotQuery query) {
        return new PageIterator<>(query, q -> list(q).join(), BotQuery::next);
    }

    @Override
    public CompletableFuture<BotView> update(BotUpdate update) {
        UpdateBotRequest.Builder b = UpdateBotRequest.newBuilder()
                .setBotId(update.botId())
                .setIdempotencyKey(key(update.idempotencyKey()));
        if (update.name() != null) {
            b.setName(update.name());
        }
        if (update.handler() != null) {
            b.setHandler(update.handler());
        }
        if (update.handlerSettings() != null) {
            b.setHandlerSettings(update.handlerSettings());
        }
        return bot(BotServiceGrpc.getUpdateBotMethod(), b.build());
    }

    private static BotRef ref(String botId) {
        return BotRef.newBuilder().setBotId(orEmpty(botId)).setIdempotencyKey(key(null)).build();
    }

    @Override
    public CompletableFuture<BotView> pause(String botId) {
        return bot(BotServiceGrpc.getPauseBotMethod(), ref(botId));
    }

    @Override
    public CompletableFuture<BotView> resume(String botId) {
        return bot(BotServiceGrpc.getResumeBotMethod(), ref(botId));
    }

    @Override
    public CompletableFuture<BotView> delete(String botId) {
        return bot(BotServiceGrpc.getDeleteBotMethod(), ref(botId));
    }

    @Override
    public CompletableFuture<BotView> connectSlack(String botId, SlackSettings settings) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("signing_secret", settings.signingSecret());
        map.put("bot_token", settings.botToken());
        if (settings.botUserId() != null) {
            map.put("bot_user_id", settings.botUserId());
        }
        if (settings.apiBaseUrl() != null) {
            map.put("api_base_url", settings.apiBaseUrl());
        }
        if (settings.threadReplies()) {
            map.put("thread_replies", "true");
        }
        return connect(botId, ChannelKind.SLACK, map);
    }

    @Override
    public CompletableFuture<BotView> connectSlackSocketMode(String botId, SlackSocketModeSettings settings) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("app_token", settings.appToken());
        map.put("bot_token", settings.botToken());
        if (settings.botUserId() != null) {
            map.put("bot_user_id", settings.botUserId());
        }
        if (settings.apiBaseUrl() != null) {
            map.put("api_base_url", settings.apiBaseUrl());
        }
        if (settings.threadReplies()) {
            map.put("thread_replies", "true");
        }
        return connect(botId, ChannelKind.SLACK, map);
    }

    @Override
    public CompletableFuture<BotView> connectWebhook(String botId, WebhookSettings settings) {
        return connect(botId, ChannelKind.WEBHOOK, Map.of("secret", settings.secret(), "url", settings.url()));
    }

    private CompletableFuture<BotView> connect(String botId, ChannelKind kind, Map<String, String> settings) {
        return bot(BotServiceGrpc.getConnectChannelMethod(), ConnectChannelRequest.newBuilder()
                .setBotId(orEmpty(botId))
                .setKind(ProtoViews.kind(kind))
                .putAllSettings(settings)
                .setIdempotencyKey(key(null))
                .build());
    }

    @Override
    public CompletableFuture<BotView> disconnect(String botId, ChannelKind kind) {
        return bot(BotServiceGrpc.getDisconnectChannelMethod(), DisconnectChannelRequest.newBuilder()
                .setBotId(orEmpty(botId))
                .setKind(ProtoViews.kind(kind))
                .setIdempotencyKey(key(null))
                .build());
    }

    @Override
    public CompletableFuture<BotStats> stats(String botId) {
        return unary.call(BotServiceGrpc.getGetBotStatsMethod(), GetBotRequest.newBuilder().setBotId(orEmpty(botId))
                .build(), deadline()).thenApplyAsync(ProtoViews::stats, executor);
    }
}
