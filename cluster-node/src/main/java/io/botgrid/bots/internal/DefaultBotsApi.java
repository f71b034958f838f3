package io.botgrid.bots.internal;

import io.botgrid.ratelimit.RateLimiter;

import static io.botgrid.bots.internal.BotRequestValidation.checkId;
import static io.botgrid.bots.internal.BotRequestValidation.idempotencyKey;
import static io.botgrid.bots.internal.BotRequestValidation.pageSize;
import static io.botgrid.bots.internal.BotRequestValidation.requireName;
import static io.botgrid.bots.internal.BotRequestValidation.requireText;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.JournalReader;
import io.botgrid.actor.RejectionCode;
import io.botgrid.bots.handlers.HandlerRegistry;
import io.botgrid.bots.platform.BotApiException;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.bots.platform.ChannelReceivers;
import io.botgrid.channels.SlackAppTokenException;
import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotCommand;
import io.botgrid.proto.v1.BotConnect;
import io.botgrid.proto.v1.BotCreate;
import io.botgrid.proto.v1.BotDisconnect;
import io.botgrid.proto.v1.BotGet;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.BotRef;
import io.botgrid.proto.v1.BotSetState;
import io.botgrid.proto.v1.BotState;
import io.botgrid.proto.v1.BotStats;
import io.botgrid.proto.v1.BotUpdate;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.DisconnectChannelRequest;
import io.botgrid.proto.v1.GetHistoryRequest;
import io.botgrid.proto.v1.GetHistoryResponse;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.ListBotsResponse;
import io.botgrid.proto.v1.ListSessionsRequest;
import io.botgrid.proto.v1.ListSessionsResponse;
import io.botgrid.proto.v1.PartialReply;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.ReplyTarget;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.proto.v1.SendMessageResponse;
import io.botgrid.proto.v1.SessionCommand;
import io.botgrid.proto.v1.SessionReceive;
import io.botgrid.proto.v1.SessionRef;
import io.botgrid.proto.v1.SessionReply;
import io.botgrid.proto.v1.SessionSummary;
import io.botgrid.proto.v1.UpdateBotRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;

/**
 * The bot platform's requests, validated here once for every front, carried out by the Bot and Session actors, with
 * the bot and session indexes kept up to date from the actors' replies. Secrets never leave through this class:
 * every {@link Bot} it returns is masked.
 */
final class DefaultBotsApi implements BotsApi {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DefaultBotsApi.class);
    private final ActorClient actors;
    private final BotDirectory directory;
    private final SessionIndex sessions;
    private final BotRequestValidation validation;
    private final HistoryReader history;
    private final JournalReader journal;
    private final Executor io;
    private final Clock clock;
    private final Duration messageTimeout;
    private final ChannelReceivers receivers;
    private final java.util.function.BiFunction<java.net.URI, String, CompletableFuture<Void>> appTokenCheck;
    private final RateLimiter limiter;

    /**
     * @param receivers runs the channel receivers of bots that need one (Socket Mode)
     * @param appTokenCheck asks Slack whether an app token is good (fails with
     *        {@link io.botgrid.channels.SlackAppTokenException} when refused)
     * @param limiter the rate limits of bots' messages ({@code SendMessage}, {@code Converse})
     */
    private final PartialGate partials;

    DefaultBotsApi(ActorClient actors, BotDirectory directory, SessionIndex sessions, HandlerRegistry handlers,
                   JournalReader journal, Executor io, Clock clock, Duration messageTimeout,
                   ChannelReceivers receivers,
                   java.util.function.BiFunction<java.net.URI, String, CompletableFuture<Void>> appTokenCheck,
                   RateLimiter limiter, PartialGate partials) {
        this.partials = partials;
        this.receivers = receivers;
        this.appTokenCheck = appTokenCheck;
        this.limiter = limiter;
        this.actors = actors;
        this.directory = directory;
        this.sessions = sessions;
        this.validation = new BotRequestValidation(handlers);
        this.history = new HistoryReader(journal);
        this.journal = journal;
        this.io = io;
        this.clock = clock;
        this.messageTimeout = messageTimeout;
    }

    // ------------------------------------------------------------------------------------------------ bots

    @Override
    public CompletableFuture<Bot> createBot(CreateBotRequest request) {
        return attempt(() -> {
            String key = idempotencyKey(request.getIdempotencyKey());
            String botId = request.getBotId().isEmpty()
                    ? (key != null ? "bot-" + hash(key).substring(0, 16) : BotIds.generate())
                    : BotIds.check(request.getBotId());
            requireName(request.getName());
            validation.checkHandler(request.getHandler(), request.getHandlerSettings());
            BotCreate create = BotCreate.newBuilder().setName(request.getName().strip())
                    .setHandler(request.getHandler()).setHandlerSettings(request.getHandlerSettings()).build();
            return botCall(botId, BotCommand.newBuilder().setCreate(create).build(), key);
        });
    }

    @Override
    public CompletableFuture<Bot> getBot(String botId) {
        return attempt(() -> botCall(BotIds.check(botId), get(), null)).thenApply(bot -> {
            if (bot.getState() == BotState.BOT_STATE_DELETED) {
                throw BotApiException.notFound("bot " + botId + " was deleted");
            }
            return bot;
        });
    }

    @Override
    public CompletableFuture<ListBotsResponse> listBots(ListBotsRequest request) {
        return attempt(() -> {
            int size = pageSize(request.getPageSize());
            String after = request.getPageToken();
            if (!after.isEmpty()) {
                BotIds.check(after);
            }
            return CompletableFuture.supplyAsync(() -> {
                List<BotRecord> page = directory.page(after, request.getState(), size);
                ListBotsResponse.Builder response = ListBotsResponse.newBuilder();
                for (int i = 0; i < Math.min(size, page.size()); i++) {
                    response.addBots(Masking.bot(page.get(i)));
                }
                if (page.size() > size) {
                    response.setNextPageToken(page.get(size - 1).getBotId());
                }
                return response.build();
            }, io);
        });
    }

    @Override
    public CompletableFuture<Bot> updateBot(UpdateBotRequest request) {
        return attempt(() -> {
            String botId = BotIds.check(request.getBotId());
            String key = idempotencyKey(request.getIdempotencyKey());
            if (request.hasName()) {
                requireName(request.getName());
            }
            BotUpdate.Builder update = BotUpdate.newBuilder();
            if (request.hasName()) {
                update.setName(request.getName().strip());
            }
            if (!request.hasHandler() && !request.hasHandlerSettings()) {
                return botCall(botId, BotCommand.newBuilder().setUpdate(update).build(), key);
            }
            // The new handler and settings are checked together, so the current ones are read first.
            return record(botId).thenCompose(current -> {
                String handler = request.hasHandler() ? request.getHandler() : current.getHandler();
                String settings = request.hasHandlerSettings() ? request.getHandlerSettings()
                        : current.getHandlerSettings();
                validation.checkHandler(handler, settings);
                if (request.hasHandler()) {
                    update.setHandler(handler);
                }
                if (request.hasHandlerSettings()) {
                    update.setHandlerSettings(settings);
                }
                return botCall(botId, BotCommand.newBuilder().setUpdate(update).build(), key);
            });
        });
    }

    @Override
    public CompletableFuture<Bot> pauseBot(BotRef request) {
        return setState(request, BotState.BOT_STATE_PAUSED);
    }

    @Override
    public CompletableFuture<Bot> resumeBot(BotRef request) {
        return setState(request, BotState.BOT_STATE_ACTIVE);
    }

    @Override
    public CompletableFuture<Bot> deleteBot(BotRef request) {
        return setState(request, BotState.BOT_STATE_DELETED);
    }

    private CompletableFuture<Bot> setState(BotRef request, BotState state) {
        CompletableFuture<Bot> done = attempt(() -> botCall(BotIds.check(request.getBotId()), BotCommand.newBuilder()
                .setSetState(BotSetState.newBuilder().setState(state)).build(),
                idempotencyKey(request.getIdempotencyKey())));
        if (state != BotState.BOT_STATE_DELETED) {
            return done;
        }
        return done.thenApplyAsync(bot -> {
            removeReceivers(request.getBotId());
            return bot;
        }, io);
    }

    /** Stops a bot's receivers; a failure is logged, not the caller's (a receiver without its channel idles). */
    private void removeReceivers(String botId) {
        try {
            receivers.remove(botId);
        } catch (RuntimeException e) {
            LOG.warn("The channel receivers of bot {} were not removed: {}", botId, e.toString());
        }
    }

    @Override
    public CompletableFuture<Bot> connectChannel(ConnectChannelRequest request) {
        return attempt(() -> {
            String botId = BotIds.check(request.getBotId());
            ChannelSettings.check(request.getKind(), request.getSettingsMap());
            boolean slack = request.getKind() == ChannelKind.CHANNEL_KIND_SLACK;
            java.util.Optional<String> appToken = slack ? ChannelSettings.appToken(request.getSettingsMap())
                    : java.util.Optional.empty();
            CompletableFuture<Void> checked = appToken.isEmpty() ? CompletableFuture.completedFuture(null)
                    : checkAppToken(request.getSettingsMap(), appToken.get());
            return checked.thenCompose(v -> botCall(botId, BotCommand.newBuilder().setConnect(BotConnect.newBuilder()
                    .setKind(request.getKind()).putAllSettings(request.getSettingsMap())).build(),
                    idempotencyKey(request.getIdempotencyKey()))).thenApplyAsync(bot -> {
                        if (appToken.isPresent()) {
                            try {
                                receivers.ensureSlackSocketMode(botId);
                            } catch (RuntimeException e) {
                                throw new BotApiException(RejectionCode.FAILED_PRECONDITION, "the Slack channel is "
                                        + "saved but its Socket Mode receiver could not be started (" + e.getMessage()
                                        + "): connect again");
                            }
                        } else if (slack) {
                            removeReceivers(botId); // back to the Events API over HTTP
                        }
                        return bot;
                    }, io);
        });
    }

    /** Slack must accept the app token now, so that a wrong one is an error of the connect call, not a silent loop. */
    private CompletableFuture<Void> checkAppToken(java.util.Map<String, String> settings, String appToken) {
        java.net.URI base = java.net.URI.create(settings.getOrDefault(ChannelSettings.SLACK_API_BASE_URL,
                ChannelSettings.DEFAULT_SLACK_API));
        return appTokenCheck.apply(base, appToken).handle((v, error) -> {
            if (error == null) {
                return null;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof SlackAppTokenException refused) {
                throw new BotApiException(RejectionCode.FAILED_PRECONDITION, refused.getMessage()
                        + ": check the app-level token (xapp-...) and its connections:write scope");
            }
            throw new BotApiException(RejectionCode.FAILED_PRECONDITION,
                    "cannot check the app token with Slack at " + base + ": " + cause.getMessage());
        });
    }

    @Override
    public CompletableFuture<Bot> disconnectChannel(DisconnectChannelRequest request) {
        return attempt(() -> {
            String botId = BotIds.check(request.getBotId());
            if (request.getKind() == ChannelKind.CHANNEL_KIND_UNSPECIFIED
                    || request.getKind() == ChannelKind.UNRECOGNIZED) {
                throw BotApiException.invalid("kind is required: CHANNEL_KIND_SLACK, _WEBHOOK or _GRPC");
            }
            CompletableFuture<Bot> done = botCall(botId, BotCommand.newBuilder().setDisconnect(
                    BotDisconnect.newBuilder().setKind(request.getKind())).build(),
                    idempotencyKey(request.getIdempotencyKey()));
            if (request.getKind() != ChannelKind.CHANNEL_KIND_SLACK) {
                return done;
            }
            return done.thenApplyAsync(bot -> {
                removeReceivers(botId);
                return bot;
            }, io);
        });
    }

    @Override
    public CompletableFuture<BotStats> stats(String botId) {
        return attempt(() -> record(BotIds.check(botId))).thenApply(bot -> BotStats.newBuilder()
                .setBotId(bot.getBotId()).setMessagesIn(bot.getMessagesIn()).setRepliesOut(bot.getRepliesOut())
                .setErrors(bot.getErrors()).setSessions(bot.getSessions()).setLlmTokens(bot.getLlmTokens())
                .setLlmOverBudget(bot.getLlmOverBudget()).build());
    }

    /** The bot's record from its actor; NOT_FOUND for a bot never created or deleted. */
    private CompletableFuture<BotRecord> record(String botId) {
        return this.<BotRecord>ask(BotIds.actorId(botId), get(), CallOptions.DEFAULT).thenApply(bot -> {
            if (!bot.getExists() || bot.getState() == BotState.BOT_STATE_DELETED) {
                throw BotApiException.notFound("bot " + botId + (bot.getExists() ? " was deleted" : " does not exist"));
            }
            directory.store(bot);
            return bot;
        });
    }

    private CompletableFuture<Bot> botCall(String botId, BotCommand command, String idempotencyKey) {
        CallOptions options = idempotencyKey == null ? CallOptions.DEFAULT
                : CallOptions.DEFAULT.withIdempotencyKey(idempotencyKey);
        return this.<BotRecord>ask(BotIds.actorId(botId), command, options).thenCompose(bot -> {
            if (!bot.getExists()) {
                throw BotApiException.notFound("bot " + botId + " does not exist");
            }
            // Indexed already: the Bot actor writes the index once its change is durable, before it replies.
            return CompletableFuture.completedFuture(Masking.bot(bot));
        });
    }

    private static BotCommand get() {
        return BotCommand.newBuilder().setGet(BotGet.getDefaultInstance()).build();
    }

    // ------------------------------------------------------------------------------------------------ conversations

    @Override
    public CompletableFuture<SendMessageResponse> sendMessage(SendMessageRequest request) {
        return attempt(() -> {
            SessionKey key = new SessionKey(request.getBotId(), "grpc", request.getTeam(), request.getConversation());
            admit(key.botId());
            requireText(request.getText());
            String messageId = request.getMessageId().isEmpty() ? UUID.randomUUID().toString()
                    : checkId("message_id", request.getMessageId());
            String user = request.getUserId().isBlank() ? "anonymous" : checkId("user_id", request.getUserId());
            SessionReceive receive = SessionReceive.newBuilder().setMessageId(messageId).setUserId(user)
                    .setText(request.getText()).setReceivedAtMillis(clock.millis()).setProcessNow(true)
                    .setReplyTo(ReplyTarget.newBuilder().setKind(ChannelKind.CHANNEL_KIND_GRPC)).build();
            return receive(key, receive).thenApply(reply -> SendMessageResponse.newBuilder()
                    .addAllReplies(reply.getRepliesList()).setDuplicate(reply.getDuplicate())
                    .setState(reply.getState()).build());
        });
    }

    /** Refuses a message to a bot over its rate limit, saying when to retry. */
    void admit(String botId) {
        Duration wait = limiter.acquireBot(botId);
        if (!wait.isZero()) {
            throw BotApiException.rateLimited("bot '" + botId + "' is over its rate limit: retry in "
                    + Math.max(1, wait.toMillis()) + " ms", wait);
        }
    }

    /**
     * Gives a message to its session, with the message id as the idempotency key: a retry, from a client or from a
     * platform, is handled once and answered like the first time.
     */
    CompletableFuture<SessionReply> receive(SessionKey key, SessionReceive message) {
        CallOptions options = new CallOptions(messageTimeout, "msg:" + message.getMessageId());
        String attempt = UUID.randomUUID().toString();
        SessionReceive attempted = message.toBuilder().setAttemptId(attempt).build();
        return this.<SessionReply>ask(key.actorId(), SessionCommand.newBuilder().setReceive(attempted).build(),
                options).thenApply(reply -> {
                    if (!reply.getAttemptId().equals(attempt)) {
                        // The runtime replayed the reply of an earlier attempt with this message id.
                        return reply.toBuilder().setDuplicate(true).build();
                    }
                    if (!reply.getDuplicate()) {
                        sessions.touch(key, message.getUserId(), message.getReceivedAtMillis(), reply.getState());
                    }
                    return reply;
                });
    }

    @Override
    public Subscription followReplies(SessionRef session, long afterSeq, Consumer<Reply> onReply,
                                      Consumer<Long> onCaughtUp, Consumer<Throwable> onError) {
        SessionKey key = SessionKey.of(session);
        if (afterSeq < 0) {
            throw BotApiException.invalid("resume_after_seq must not be negative, got " + afterSeq);
        }
        return new ReplyFollower(key, afterSeq, onReply, onCaughtUp, onError).start(journal, io);
    }

    @Override
    public Subscription followPartials(SessionRef session, Consumer<PartialReply> onPartial) {
        return partials.open(SessionKey.of(session), onPartial);
    }

    @Override
    public CompletableFuture<GetHistoryResponse> history(GetHistoryRequest request) {
        return attempt(() -> {
            SessionKey key = SessionKey.of(request.getSession());
            int size = pageSize(request.getPageSize());
            long from = HistoryReader.firstSeq(request.getPageToken());
            return CompletableFuture.supplyAsync(() -> history.read(key, from, size), io);
        });
    }

    @Override
    public CompletableFuture<ListSessionsResponse> listSessions(ListSessionsRequest request) {
        return attempt(() -> {
            String botId = BotIds.check(request.getBotId());
            int size = pageSize(request.getPageSize());
            String after = request.getPageToken();
            if (!after.isEmpty() && !after.startsWith(botId + "|")) {
                throw BotApiException.invalid("page_token '" + after + "' is not one this API gave for bot " + botId);
            }
            return CompletableFuture.supplyAsync(() -> {
                List<SessionSummary> page = sessions.page(botId, after, size);
                ListSessionsResponse.Builder response = ListSessionsResponse.newBuilder()
                        .addAllSessions(page.subList(0, Math.min(size, page.size())));
                if (page.size() > size) {
                    response.setNextPageToken(SessionKey.of(page.get(size - 1).getSession()).actorKey());
                }
                return response.build();
            }, io);
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private <R extends Message> CompletableFuture<R> ask(ActorId id, Message command, CallOptions options) {
        return actors.<R>ask(id, command, options).handle((reply, error) -> {
            if (error != null) {
                Throwable t = Rejections.translate(error);
                throw t instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(t);
            }
            return reply;
        });
    }

    /** Runs {@code call}, turning what it throws synchronously (validation) into a failed future. */
    private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
