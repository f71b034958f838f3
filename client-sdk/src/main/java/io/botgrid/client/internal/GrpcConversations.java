package io.botgrid.client.internal;

import io.botgrid.client.HomeRegions;
import io.botgrid.client.Conversation;
import io.botgrid.client.ConversationListener;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.Conversations;
import io.botgrid.client.HistoryTurn;
import io.botgrid.client.Page;
import io.botgrid.client.PageRequest;
import io.botgrid.client.RetryPolicy;
import io.botgrid.client.SentMessage;
import io.botgrid.client.SessionRef;
import io.botgrid.client.SessionSummary;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.GetHistoryRequest;
import io.botgrid.proto.v1.ListSessionsRequest;
import io.botgrid.proto.v1.SendMessageRequest;
import io.grpc.Deadline;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@link Conversations} over the ConversationService. */
public final class GrpcConversations implements Conversations {
    private final Endpoints endpoints;
    private final Unary unary;
    private final Duration timeout;
    private final RetryPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final HomeRegions homes;

    public GrpcConversations(Endpoints endpoints, Unary unary, Duration timeout, RetryPolicy policy,
                             ScheduledExecutorService scheduler, Executor executor, HomeRegions homes) {
        this.homes = homes;
        this.endpoints = endpoints;
        this.unary = unary;
        this.timeout = timeout;
        this.policy = policy;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    private Deadline deadline() {
        return Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletableFuture<SentMessage> send(ConversationRef conversation, String text) {
        return send(conversation, text, null);
    }

    @Override
    public CompletableFuture<SentMessage> send(ConversationRef conversation, String text, String messageId) {
        String id = GrpcBots.key(messageId);
        SendMessageRequest request = SendMessageRequest.newBuilder()
                .setBotId(conversation.botId())
                .setTeam(conversation.team())
                .setConversation(conversation.conversation())
                .setUserId(conversation.userId())
                .setText(Objects.requireNonNull(text, "text"))
                .setMessageId(id)
                .build();
        return unary.call(ConversationServiceGrpc.getSendMessageMethod(), request, deadline(),
                        GrpcActors.homeOf(homes, "bot", conversation.botId()))
                .thenApplyAsync(r -> new SentMessage(id, r.getRepliesList().stream().map(ProtoViews::reply).toList(),
                        r.getDuplicate(), r.getState()), executor);
    }

    @Override
    public CompletableFuture<Page<HistoryTurn>> history(SessionRef session, PageRequest page) {
        GetHistoryRequest request = GetHistoryRequest.newBuilder().setSession(ProtoViews.session(session))
                .setPageSize(page.size()).setPageToken(page.token()).build();
        return unary.call(ConversationServiceGrpc.getGetHistoryMethod(), request, deadline())
                .thenApplyAsync(r -> new Page<>(r.getTurnsList().stream().map(ProtoViews::turn).toList(),
                        r.getNextPageToken()), executor);
    }

    @Override
    public CompletableFuture<Page<SessionSummary>> sessions(String botId, PageRequest page) {
        ListSessionsRequest request = ListSessionsRequest.newBuilder().setBotId(botId).setPageSize(page.size())
                .setPageToken(page.token()).build();
        return unary.call(ConversationServiceGrpc.getListSessionsMethod(), request, deadline())
                .thenApplyAsync(r -> new Page<>(r.getSessionsList().stream().map(ProtoViews::summary).toList(),
                        r.getNextPageToken()), executor);
    }

    @Override
    public Conversation open(ConversationRef conversation, long resumeAfterSeq, ConversationListener listener) {
        if (resumeAfterSeq < 0) {
            throw new IllegalArgumentException("resumeAfterSeq must be >= 0, got " + resumeAfterSeq);
        }
        GrpcConversation c = new GrpcConversation(conversation, resumeAfterSeq,
                Objects.requireNonNull(listener, "listener"), endpoints, policy, scheduler);
        c.start();
        return c;
    }
}
