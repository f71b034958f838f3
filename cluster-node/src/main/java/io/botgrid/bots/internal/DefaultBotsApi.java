package io.botgrid.bots.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.JournalReader;
import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.HandlerRegistry;
import io.botgrid.bots.handlers.UnknownHandlerException;
import io.botgrid.bots.platform.BotApiException;
import io.botgrid.bots.platform.BotsApi;
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
import io.botgrid.proto.v1.HistoryTurn;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.ListBotsResponse;
import io.botgrid.proto.v1.ListSessionsRequest;
import io.botgrid.proto.v1.ListSessionsResponse;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.ReplyTarget;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.proto.v1.SendMessageResponse;
import io.botgrid.proto.v1.SessionCommand;
import io.botgrid.proto.v1.SessionEvent;
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
    static final int MAX_NAME = 200;
    static final int MAX_TEXT = 40_000;
    static final int MAX_ID = 200;
    static final int MAX_SETTINGS = 256 * 1024;
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final ActorClient actors;
    private final BotDirectory directory;
    private final SessionIndex sessions;
    private final HandlerRegistry handlers;
    private final JournalReader journal;
    private final Executor io;
    private final Clock clock;
    private final Duration messageTimeout;

    DefaultBotsApi(ActorClient actors, BotDirectory directory, SessionIndex sessions, HandlerRegistry handlers,
                   JournalReader journal, Executor io, Clock clock, Duration messageTimeout) {
        this.actors = actors;
        this.directory = directory;
        this.sessions = sessions;
        this.handlers = handlers;
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
            checkHandler(request.getHandler(), request.getHandlerSettings());
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
                checkHandler(handler, settings);
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
        return attempt(() -> botCall(BotIds.check(request.getBotId()), BotCommand.newBuilder()
                .setSetState(BotSetState.newBuilder().setState(state)).build(),
                idempotencyKey(request.getIdempotencyKey())));
    }

    @Override
    public CompletableFuture<Bot> connectChannel(ConnectChannelRequest request) {
        return attempt(() -> {
            String botId = BotIds.check(request.getBotId());
            ChannelSettings.check(request.getKind(), request.getSettingsMap());
            return botCall(botId, BotCommand.newBuilder().setConnect(BotConnect.newBuilder()
                    .setKind(request.getKind()).putAllSettings(request.getSettingsMap())).build(),
                    idempotencyKey(request.getIdempotencyKey()));
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
            return botCall(botId, BotCommand.newBuilder().setDisconnect(BotDisconnect.newBuilder()
                    .setKind(request.getKind())).build(), idempotencyKey(request.getIdempotencyKey()));
        });
    }

    @Override
    public CompletableFuture<BotStats> stats(String botId) {
        return attempt(() -> record(BotIds.check(botId))).thenApply(bot -> BotStats.newBuilder()
                .setBotId(bot.getBotId()).setMessagesIn(bot.getMessagesIn()).setRepliesOut(bot.getRepliesOut())
                .setErrors(bot.getErrors()).setSessions(bot.getSessions()).build());
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
            // Index before answering, so that a client that created a bot can send it a message at once.
            return directory.store(bot).thenApply(v -> Masking.bot(bot));
        });
    }

    private static BotCommand get() {
        return BotCommand.newBuilder().setGet(BotGet.getDefaultInstance()).build();
    }

    private void checkHandler(String handler, String settings) {
        if (handler == null || handler.isBlank()) {
            throw BotApiException.invalid("handler is required, one of " + handlers.names());
        }
        if (settings.length() > MAX_SETTINGS) {
            throw BotApiException.invalid("handler_settings is " + settings.length() + " characters, the maximum is "
                    + MAX_SETTINGS);
        }
        try {
            handlers.configure(handler, settings);
        } catch (UnknownHandlerException e) {
            throw BotApiException.invalid("unknown handler '" + handler + "'; known: " + handlers.names());
        } catch (InvalidHandlerSettingsException e) {
            throw BotApiException.invalid("invalid settings for handler '" + handler + "': " + e.getMessage());
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw BotApiException.invalid("name is required");
        }
        if (name.length() > MAX_NAME) {
            throw BotApiException.invalid("name is " + name.length() + " characters, the maximum is " + MAX_NAME);
        }
    }

    // ------------------------------------------------------------------------------------------------ conversations

    @Override
    public CompletableFuture<SendMessageResponse> sendMessage(SendMessageRequest request) {
        return attempt(() -> {
            SessionKey key = new SessionKey(request.getBotId(), "grpc", request.getTeam(), request.getConversation());
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
    public CompletableFuture<GetHistoryResponse> history(GetHistoryRequest request) {
        return attempt(() -> {
            SessionKey key = SessionKey.of(request.getSession());
            int size = pageSize(request.getPageSize());
            long from = 1;
            if (!request.getPageToken().isEmpty()) {
                try {
                    from = Long.parseLong(request.getPageToken());
                } catch (NumberFormatException e) {
                    from = -1;
                }
                if (from < 1) {
                    throw BotApiException.invalid("page_token '" + request.getPageToken() + "' is not one this "
                            + "API gave");
                }
            }
            long start = from;
            return CompletableFuture.supplyAsync(() -> readHistory(key, start, size), io);
        });
    }

    /** Reads turns from the session's journal (all of its history) from {@code from} on. */
    private GetHistoryResponse readHistory(SessionKey key, long from, int size) {
        GetHistoryResponse.Builder response = GetHistoryResponse.newBuilder();
        long seq = from;
        while (true) {
            List<JournalEntry> page = journal.read(key.actorId(), seq, 128);
            for (JournalEntry entry : page) {
                if (response.getTurnsCount() == size) {
                    return response.setNextPageToken(Long.toString(entry.seq())).build();
                }
                seq = entry.seq() + 1;
                HistoryTurn turn = turnOf(entry);
                if (turn != null) {
                    response.addTurns(turn);
                }
            }
            if (page.size() < 128) {
                return response.build(); // the end of the journal
            }
        }
    }

    private static HistoryTurn turnOf(JournalEntry entry) {
        long seq = entry.seq();
        SessionEvent event = entry.event(SessionEvent.parser());
        if (event.hasReceived()) {
            SessionReceive m = event.getReceived();
            return HistoryTurn.newBuilder().setRole(HistoryTurn.Role.ROLE_USER).setText(m.getText())
                    .setUserId(m.getUserId()).setId(m.getMessageId()).setSeq(seq)
                    .setAt(Times.ofMillis(m.getReceivedAtMillis())).build();
        }
        if (event.hasReply()) {
            return HistoryTurn.newBuilder().setRole(HistoryTurn.Role.ROLE_BOT).setText(event.getReply().getText())
                    .setId(event.getReply().getReplyId()).setSeq(seq).setAt(Times.ofMillis(event.getAtMillis()))
                    .build();
        }
        return null;
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

    private static void requireText(String text) {
        if (text == null || text.isEmpty()) {
            throw BotApiException.invalid("text is required");
        }
        if (text.length() > MAX_TEXT) {
            throw BotApiException.invalid("text is " + text.length() + " characters, the maximum is " + MAX_TEXT);
        }
    }

    private static String checkId(String field, String value) {
        if (value.length() > MAX_ID || value.isBlank()) {
            throw BotApiException.invalid(field + " must be 1-" + MAX_ID + " characters");
        }
        return value;
    }

    private static String idempotencyKey(String key) {
        return key == null || key.isEmpty() ? null : checkId("idempotency_key", key);
    }

    private static int pageSize(int requested) {
        if (requested < 0 || requested > MAX_PAGE) {
            throw BotApiException.invalid("page_size must be 0-" + MAX_PAGE + ", got " + requested);
        }
        return requested == 0 ? DEFAULT_PAGE : requested;
    }

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
