package io.botgrid.bots.internal;

import com.google.protobuf.Parser;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.actor.RejectionCode;
import io.botgrid.actor.SnapshotCodec;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.IncomingText;
import io.botgrid.bots.PartialReplies;
import io.botgrid.bots.SessionView;
import io.botgrid.bots.Turn;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.BotState;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConversationStateChanged;
import io.botgrid.proto.v1.MessageHandled;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.ReplyProduced;
import io.botgrid.proto.v1.SessionCommand;
import io.botgrid.proto.v1.SessionEvent;
import io.botgrid.proto.v1.SessionProcess;
import io.botgrid.proto.v1.SessionReceive;
import io.botgrid.proto.v1.SessionReply;
import io.botgrid.proto.v1.SessionSnapshot;
import io.botgrid.proto.v1.StoredTurn;
import io.botgrid.proto.v1.VariablesSet;
import io.botgrid.telemetry.LogContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Session actor: one conversation of a user with a bot on a platform. It is the only place a conversation's
 * history, variables and state change, so a message is handled exactly once and in order, on whichever node owns the
 * session.
 *
 * <p>A message is stored first ({@code received}), then handled: in the same turn when the caller waits for the
 * replies (gRPC); for a channel (Slack and webhooks must be acknowledged within seconds) in the same turn too when
 * nothing waits before it and its handler answers within {@link #INLINE_BUDGET} (one append for the message and its
 * outcome), otherwise in a turn of its own right after. The bot's handler runs inside the turn, asynchronously
 * ({@link Effect#async}), so a slow web service holds up this conversation only. Replies are events first; the
 * node's {@link Outbox} delivers them and reports back, and a durable reminder re-drives messages not yet handled
 * and replies not yet delivered after a failover or restart. Messages are de-duplicated by their platform id.
 *
 * <p>{@code handle} only decides. Timers, hand-overs to the outbox, counts and reminder writes are side effects of
 * the returned effect ({@link Effect#thenRun}, {@link Effect#thenRunAsync} for writes), so they start only once the
 * turn's events are stored, and never for a turn whose append failed. The handler call is the one exception: its
 * answer is what the turn decides to store.
 */
final class SessionBehavior
        implements EventSourcedBehavior<SessionCommand, SessionEvent, SessionSnapshot, SessionReply> {
    private static final Logger LOG = LoggerFactory.getLogger(SessionBehavior.class);
    static final int MAX_RECENT_TURNS = 50;
    static final int MAX_RECENT_IDS = 500;
    static final int MAX_PENDING = 100;
    static final String PROCESS_TIMER = "process";
    private static final AttributeKey<String> BOT = AttributeKey.stringKey("botgrid.bot");
    private static final AttributeKey<String> HANDLER = AttributeKey.stringKey("botgrid.handler");
    private static final SessionCommand PROCESS = SessionCommand.newBuilder()
            .setProcess(SessionProcess.getDefaultInstance()).build();

    /** How long a channel's message waits for its handler before it is stored (and acknowledged) alone. */
    static final Duration INLINE_BUDGET = Duration.ofMillis(200);

    private final SessionServices services;
    /**
     * Handlers started when their message came in that did not answer within {@link #INLINE_BUDGET}, by session
     * (one at most each: a message is handled inline only when none waits before it); the session's next handler
     * turn takes the answer. Dropped when the session's activation ends here ({@link #forget}).
     */
    private final Map<String, StartedHandler> started = new ConcurrentHashMap<>();
    /**
     * The duplicate check's index of each live session's recent message ids, for sessions with at least
     * {@link RecentIdIndex#MIN_INDEXED} of them. Dropped when the session's activation ends here ({@link #forget}).
     */
    private final Map<String, RecentIdIndex> recentIds = new ConcurrentHashMap<>();

    /**
     * Forgets what this node kept in memory for a session whose activation ended here (passivated, moved, node
     * stopping): a handler started for it, its recent ids' index, and that this node armed its work reminder
     * (another owner may remove the reminder meanwhile, so a later activation here arms it again).
     */
    void forget(String sessionKey) {
        started.remove(sessionKey);
        recentIds.remove(sessionKey);
        services.reminders().forget(sessionKey);
    }

    private record StartedHandler(String messageId, CompletableFuture<List<SessionEvent>> outcome) {
    }

    SessionBehavior(SessionServices services) {
        this.services = services;
    }

    @Override
    public Parser<SessionCommand> commandParser() {
        return SessionCommand.parser();
    }

    @Override
    public Parser<SessionEvent> eventParser() {
        return SessionEvent.parser();
    }

    @Override
    public Parser<SessionReply> replyParser() {
        return SessionReply.parser();
    }

    @Override
    public SessionSnapshot emptyState(ActorId id) {
        return SessionSnapshot.getDefaultInstance();
    }

    @Override
    public SnapshotCodec<SessionSnapshot> snapshotCodec() {
        return SnapshotCodec.protobuf(SessionSnapshot.parser());
    }

    @Override
    public Effect<SessionEvent, SessionSnapshot, SessionReply> handle(SessionSnapshot state, SessionCommand command,
                                                                      ActorContext<SessionCommand> ctx) {
        SessionKey key = SessionKey.parse(ctx.id().key());
        MDC.put(LogContext.BOT, key.botId()); // the runtime removes it after the turn
        MDC.put(LogContext.SESSION, key.actorKey());
        return switch (command.getKindCase()) {
            case RECEIVE -> receive(state, command.getReceive(), key, ctx);
            case PROCESS -> processNext(state, key, ctx);
            case DELIVER -> deliver(state, key, ctx);
            case DELIVERED -> delivered(state, command, ctx);
            case GET -> Effect.reply(summary(state).build());
            default -> Effect.reject(RejectionCode.INVALID_ARGUMENT,
                    "empty or unknown session command " + command.getKindCase());
        };
    }

    // ------------------------------------------------------------------------------------------------ receiving

    private Effect<SessionEvent, SessionSnapshot, SessionReply> receive(SessionSnapshot state, SessionReceive message,
                                                                        SessionKey key,
                                                                        ActorContext<SessionCommand> ctx) {
        if (seen(state, ctx.id().key(), message.getMessageId())) {
            return Effect.reply(summary(state).setDuplicate(true).build());
        }
        long readAt = System.nanoTime();
        Optional<BotRecord> bot = services.directory().find(key.botId());
        if (bot.isEmpty() || !bot.get().getExists() || bot.get().getState() == BotState.BOT_STATE_DELETED) {
            return Effect.reject(RejectionCode.NOT_FOUND, "bot " + key.botId()
                    + " does not exist");
        }
        if (state.getPendingCount() >= MAX_PENDING) {
            return Effect.reject(RejectionCode.FAILED_PRECONDITION, "session "
                    + key.actorKey() + " has " + MAX_PENDING + " messages waiting to be handled; try again later");
        }
        long now = ctx.clock().millis();
        SessionEvent received = event(now).setReceived(message).build();
        boolean firstMessage = state.getMessages() == 0;
        Consumer<SessionSnapshot> countIn = s -> services.counters().messageIn(key.botId(), firstMessage);
        if (bot.get().getState() == BotState.BOT_STATE_PAUSED) {
            SessionEvent skipped = event(now).setHandled(MessageHandled.newBuilder()
                    .setMessageId(message.getMessageId()).setError("bot " + key.botId() + " is paused")).build();
            return Effect.persistAll(List.of(received, skipped)).<SessionSnapshot, SessionReply>thenReply(s -> summary(s)
                    .setError("bot " + key.botId() + " is paused").setAttemptId(message.getAttemptId()).build())
                    .thenRun(countIn);
        }
        if (message.getProcessNow()) {
            // The handler's answer is what this turn decides on, so it runs before the append; everything its
            // answer sets off (counting, delivery, the work reminder) waits for the append.
            SessionSnapshot withMessage = apply(state, received);
            long base = ctx.lastSequenceNumber();
            return Effect.async(runHandler(withMessage, message, bot.get(), key, now).thenApply(events -> {
                List<SessionEvent> all = withOutcome(received, events);
                return followUps(Effect.<SessionEvent>persistAll(all).<SessionSnapshot, SessionReply>thenReply(
                        s -> replyWithReplies(s, all, message.getMessageId(), base).toBuilder()
                                .setAttemptId(message.getAttemptId()).build()).thenRun(countIn), state, all, ctx,
                        new KnownBot(bot.get(), readAt));
            }));
        }
        if (state.getPendingCount() == 0 && bot.get().getState() == BotState.BOT_STATE_ACTIVE) {
            return receiveAndHandle(state, message, received, new KnownBot(bot.get(), readAt), key, countIn, ctx);
        }
        return storeForLater(message, received, countIn, ctx);
    }

    /**
     * Handled in a turn of its own, started once the message is stored; the reply (which lets the channel
     * acknowledge the message) waits until the work reminder is armed, so a failover re-drives the message.
     */
    private Effect<SessionEvent, SessionSnapshot, SessionReply> storeForLater(SessionReceive message,
                                                                             SessionEvent received,
                                                                             Consumer<SessionSnapshot> countIn,
                                                                             ActorContext<SessionCommand> ctx) {
        return Effect.persist(received).<SessionSnapshot, SessionReply>thenReply(
                        s -> summary(s).setAttemptId(message.getAttemptId()).build())
                .thenRun(countIn)
                .thenRun(s -> ctx.timers().startSingle(PROCESS_TIMER, Duration.ZERO, PROCESS))
                .thenRunAsync(s -> arm(ctx));
    }

    /**
     * A channel's message with nothing waiting before it: the handler starts at once, and if it answers within
     * {@link #INLINE_BUDGET} the message, the handler's outcome and its replies are stored in one append (one turn,
     * one journal fence instead of two), before the channel acknowledges the message. A slower handler does not
     * hold the acknowledgement up any longer: the message is stored alone, acknowledged, and the handler's turn
     * that follows takes the answer of the run already started instead of running the handler again. Nothing is
     * acknowledged before the message is stored either way, and a crash before the outcome is stored re-drives the
     * message on the next owner as before.
     */
    private Effect<SessionEvent, SessionSnapshot, SessionReply> receiveAndHandle(SessionSnapshot state,
                                                                                SessionReceive message,
                                                                                SessionEvent received, KnownBot bot,
                                                                                SessionKey key,
                                                                                Consumer<SessionSnapshot> countIn,
                                                                                ActorContext<SessionCommand> ctx) {
        CompletableFuture<List<SessionEvent>> outcome = runHandler(apply(state, received), message, bot.bot(), key,
                received.getAtMillis());
        return Effect.async(outcome.thenApply(Optional::of)
                .completeOnTimeout(Optional.empty(), INLINE_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(answered -> {
                    if (answered.isEmpty()) {
                        started.put(key.actorKey(), new StartedHandler(message.getMessageId(), outcome));
                        return storeForLater(message, received, countIn, ctx);
                    }
                    List<SessionEvent> all = withOutcome(received, answered.get());
                    return followUps(Effect.<SessionEvent>persistAll(all).<SessionSnapshot, SessionReply>thenReply(
                            s -> summary(s).setAttemptId(message.getAttemptId()).build())
                            .thenRun(countIn), state, all, ctx, bot);
                }));
    }

    /**
     * The message and its handler's outcome, to be appended together: a successful outcome's {@code handled} event
     * is replaced by a mark ({@code handles}) on the append's last event, one journal entry fewer. The last one, so
     * that an append cut short by a crash (replay stops at the first missing record) leaves the message waiting
     * rather than handled without its replies. An error keeps its {@code handled} event, which carries the error.
     */
    static List<SessionEvent> withOutcome(SessionEvent received, List<SessionEvent> outcome) {
        List<SessionEvent> all = new ArrayList<>(outcome.size() + 1);
        all.add(received);
        all.addAll(outcome);
        SessionEvent last = all.get(all.size() - 1);
        String messageId = received.getReceived().getMessageId();
        if (all.size() >= 2 && last.hasHandled() && last.getHandled().getError().isEmpty()
                && !last.getHandled().getFailed() && last.getHandled().getMessageId().equals(messageId)) {
            all.remove(all.size() - 1);
            int end = all.size() - 1;
            all.set(end, all.get(end).toBuilder().setHandles(messageId).build());
        }
        return all;
    }

    /** A reply-only effect, typed for this behaviour (so side effects can be added to it). */
    private static Effect<SessionEvent, SessionSnapshot, SessionReply> replyNow(SessionReply reply) {
        return Effect.reply(reply);
    }

    /**
     * Arms the session's work reminder, off the turn threads (it is a replicated write), or does nothing if this
     * node armed it already.
     */
    private CompletableFuture<Void> arm(ActorContext<SessionCommand> ctx) {
        if (!services.reminders().needsArming(ctx)) {
            return null;
        }
        return CompletableFuture.runAsync(() -> services.reminders().arm(ctx), services.handlerExecutor());
    }

    private boolean seen(SessionSnapshot state, String sessionKey, String messageId) {
        if (state.getPendingList().stream().anyMatch(m -> m.getMessageId().equals(messageId))) {
            return true;
        }
        List<String> ids = state.getRecentMessageIdsList();
        return ids.size() < RecentIdIndex.MIN_INDEXED ? ids.contains(messageId)
                : recentIds.computeIfAbsent(sessionKey, k -> new RecentIdIndex()).contains(ids, messageId);
    }

    /** Handles the oldest message waiting, then asks for the next turn if more wait. */
    private Effect<SessionEvent, SessionSnapshot, SessionReply> processNext(SessionSnapshot state, SessionKey key,
                                                                            ActorContext<SessionCommand> ctx) {
        if (state.getPendingCount() == 0) {
            return Effect.reply(summary(state).build());
        }
        SessionReceive message = state.getPending(0);
        long now = ctx.clock().millis();
        StartedHandler running = started.remove(key.actorKey());
        if (running != null && running.messageId().equals(message.getMessageId())) {
            // Its handler started when it came in (see receiveAndHandle): its answer is this turn's.
            return handled(state, message, running.outcome(), ctx, null);
        }
        long readAt = System.nanoTime();
        Optional<BotRecord> bot = services.directory().find(key.botId());
        CompletableFuture<List<SessionEvent>> outcome;
        if (bot.isEmpty() || bot.get().getState() != BotState.BOT_STATE_ACTIVE) {
            String why = "bot " + key.botId() + (bot.isEmpty() || bot.get().getState() == BotState.BOT_STATE_DELETED
                    ? " no longer exists" : " is paused");
            outcome = CompletableFuture.completedFuture(List.of(event(now).setHandled(MessageHandled.newBuilder()
                    .setMessageId(message.getMessageId()).setError(why)).build()));
        } else {
            outcome = runHandler(state, message, bot.get(), key, now);
        }
        return handled(state, message, outcome, ctx, bot.map(b -> new KnownBot(b, readAt)).orElse(null));
    }

    /** Stores the outcome of the oldest waiting message's handler, then asks for the next turn if more wait. */
    private Effect<SessionEvent, SessionSnapshot, SessionReply> handled(SessionSnapshot state, SessionReceive message,
                                                                        CompletableFuture<List<SessionEvent>> outcome,
                                                                        ActorContext<SessionCommand> ctx,
                                                                        KnownBot bot) {
        long base = ctx.lastSequenceNumber();
        return Effect.async(outcome.thenApply(events -> followUps(Effect.<SessionEvent>persistAll(events)
                .<SessionSnapshot, SessionReply>thenReply(s -> replyWithReplies(s, events, message.getMessageId(), base))
                .thenRun(s -> {
                    if (s.getPendingCount() > 0) {
                        ctx.timers().startSingle(PROCESS_TIMER, Duration.ZERO, PROCESS); // the next one waits
                    }
                }), state, events, ctx, bot)));
    }

    /**
     * Runs the bot's handler on a message of {@code state}'s conversation and turns its result into events; never
     * fails: a handler that throws, fails or times out yields a {@code handled} event with the error.
     */
    private CompletableFuture<List<SessionEvent>> runHandler(SessionSnapshot state, SessionReceive message,
                                                            BotRecord bot, SessionKey key, long now) {
        CompletableFuture<HandlerResult> result;
        long start = System.nanoTime();
        // The handler's span: a child of the session's turn, current while the handler runs on its own pool.
        Span span = services.tracer().spanBuilder("handler " + bot.getHandler())
                .setAttribute(BOT, key.botId()).setAttribute(HANDLER, bot.getHandler()).startSpan();
        Context traced = Context.current().with(span);
        try {
            ConfiguredHandler handler = services.handlers().configure(bot.getHandler(), bot.getHandlerSettings());
            HandlerRequest request = new HandlerRequest(key.botId(), view(state, key, message),
                    new IncomingText(message.getMessageId(), message.getUserId(), message.getText(),
                            Instant.ofEpochMilli(message.getReceivedAtMillis())),
                    new HandlerActorCalls(services.actors(), key.actorKey(), message.getMessageId(),
                            services.handlerTimeout()),
                    partials(key, message, bot));
            result = CompletableFuture.supplyAsync(traced.wrapSupplier(() -> handler.onMessage(request)),
                            LogContext.propagating(services.handlerExecutor()))
                    .thenCompose(stage -> stage)
                    .orTimeout(services.handlerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((r, error) -> {
            if (error != null) {
                span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            }
            span.end();
            if (error != null || r == null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                String why = cause == null ? "the handler returned no result"
                        : cause instanceof java.util.concurrent.TimeoutException
                        ? "the handler did not answer within " + services.handlerTimeout().toMillis() + " ms"
                        : "handler '" + bot.getHandler() + "' failed: " + cause;
                LOG.warn("Message {} of session {} got no answer: {}", message.getMessageId(), key.actorKey(), why);
                services.telemetry().handlerFailed(services.handlers().kindOf(bot.getHandler()), key.botId(), why,
                        System.nanoTime() - start);
                return List.of(event(now).setHandled(MessageHandled.newBuilder().setMessageId(message.getMessageId())
                        .setError(why).setFailed(true)).build());
            }
            services.telemetry().handlers().handled(services.handlers().kindOf(bot.getHandler()),
                    System.nanoTime() - start);
            return eventsOf(r, message, now);
        });
    }

    /**
     * Where the handler shows its reply while producing it: the caller's gRPC stream, the Slack message it edits
     * (the first reply's id, {@code <message id>/1}: a streamed answer is one reply), or nowhere (webhooks).
     */
    private PartialReplies partials(SessionKey key, SessionReceive message, BotRecord bot) {
        return switch (message.getReplyTo().getKind()) {
            case CHANNEL_KIND_GRPC -> services.partials().forMessage(key, message.getMessageId());
            case CHANNEL_KIND_SLACK -> services.outbox().partials(bot, message.getReplyTo(),
                    message.getMessageId() + "/1");
            default -> PartialReplies.NONE;
        };
    }

    private static List<SessionEvent> eventsOf(HandlerResult result, SessionReceive message, long now) {
        List<SessionEvent> events = new ArrayList<>();
        if (!result.setVariables().isEmpty()) {
            events.add(event(now).setVariables(VariablesSet.newBuilder().putAllValues(result.setVariables())).build());
        }
        result.nextState().ifPresent(next -> events.add(event(now)
                .setStateChanged(ConversationStateChanged.newBuilder().setState(next)).build()));
        int i = 0;
        for (String text : result.replies()) {
            events.add(event(now).setReply(ReplyProduced.newBuilder()
                    .setReplyId(message.getMessageId() + "/" + (++i)).setText(text)
                    .setInReplyTo(message.getMessageId()).setTarget(message.getReplyTo())).build());
        }
        events.add(event(now).setHandled(MessageHandled.newBuilder().setMessageId(message.getMessageId())).build());
        return events;
    }

    private static SessionView view(SessionSnapshot state, SessionKey key, SessionReceive message) {
        List<Turn> turns = new ArrayList<>(state.getRecentTurnsCount());
        for (StoredTurn t : state.getRecentTurnsList()) {
            turns.add(new Turn(t.getBot() ? Turn.Role.BOT : Turn.Role.USER, t.getText(),
                    Instant.ofEpochMilli(t.getAtMillis())));
        }
        return new SessionView(key.platform(), key.team(), key.conversation(), message.getUserId(), state.getState(),
                state.getVariablesMap(), turns);
    }

    /**
     * {@code effect} plus what its events set off once they are stored: new replies handed to the outbox (at once,
     * not in a turn of its own: they are in the journal, and the outbox skips a reply it is already sending), the
     * counts, and the work reminder that re-drives pending work after a failover. {@code bot} (nullable): the bot's
     * record as this turn read it, for the outbox's first attempt ({@link KnownBot}).
     */
    private Effect<SessionEvent, SessionSnapshot, SessionReply> followUps(
            Effect<SessionEvent, SessionSnapshot, SessionReply> effect, SessionSnapshot before,
            List<SessionEvent> events, ActorContext<SessionCommand> ctx, KnownBot bot) {
        SessionKey key = SessionKey.parse(ctx.id().key());
        return effect.thenRun(after -> {
            if (after.getUndeliveredCount() > before.getUndeliveredCount()) {
                // Stored now: straight to the outbox, without a turn of its own (the outbox skips replies it has).
                for (ReplyProduced reply : after.getUndeliveredList()) {
                    services.outbox().submit(key, reply, bot);
                }
            }
            for (SessionEvent e : events) {
                if (e.hasReply() && e.getReply().getTarget().getKind() == ChannelKind.CHANNEL_KIND_GRPC) {
                    services.counters().replyOut(key.botId()); // delivered by being in the journal: streams read it
                } else if (e.hasHandled() && e.getHandled().getFailed()) {
                    services.counters().error(key.botId());
                }
            }
        }).thenRunAsync(after -> idle(after) ? null : arm(ctx));
    }

    private static boolean idle(SessionSnapshot state) {
        return state.getPendingCount() == 0 && state.getUndeliveredCount() == 0;
    }

    // ------------------------------------------------------------------------------------------------ delivering

    /** Hands undelivered replies to the outbox and restarts handling of waiting messages: after replies, or a reminder. */
    private Effect<SessionEvent, SessionSnapshot, SessionReply> deliver(SessionSnapshot state, SessionKey key,
                                                                        ActorContext<SessionCommand> ctx) {
        if (idle(state)) {
            return replyNow(summary(state).build()).thenRunAsync(s -> CompletableFuture.runAsync(
                    () -> services.reminders().disarm(ctx), services.handlerExecutor()));
        }
        return replyNow(summary(state).build()).thenRun(s -> {
            if (s.getPendingCount() > 0 && !ctx.timers().isActive(PROCESS_TIMER)) {
                ctx.timers().startSingle(PROCESS_TIMER, Duration.ZERO, PROCESS);
            }
            for (ReplyProduced reply : s.getUndeliveredList()) {
                services.outbox().submit(key, reply);
            }
        });
    }

    private Effect<SessionEvent, SessionSnapshot, SessionReply> delivered(SessionSnapshot state, SessionCommand command,
                                                                          ActorContext<SessionCommand> ctx) {
        String replyId = command.getDelivered().getReplyId();
        if (state.getUndeliveredList().stream().noneMatch(r -> r.getReplyId().equals(replyId))) {
            return Effect.reply(summary(state).setDuplicate(true).build());
        }
        SessionEvent event = event(ctx.clock().millis()).setDelivery(command.getDelivered()).build();
        // Once idle, the session's reminder removes itself at its next tick (see WorkReminders).
        return Effect.persist(event).thenReply(s -> summary(s).build());
    }

    // ------------------------------------------------------------------------------------------------ state

    @Override
    public SessionSnapshot apply(SessionSnapshot state, SessionEvent event) {
        SessionSnapshot.Builder s = state.toBuilder();
        long at = event.getAtMillis();
        switch (event.getKindCase()) {
            case RECEIVED -> {
                SessionReceive m = event.getReceived();
                s.addPending(m).setUserId(m.getUserId()).setLastActivityMillis(at).setMessages(s.getMessages() + 1);
                addId(s, m.getMessageId());
                addTurn(s, StoredTurn.newBuilder().setText(m.getText()).setUserId(m.getUserId())
                        .setId(m.getMessageId()).setAtMillis(m.getReceivedAtMillis()).build());
            }
            case HANDLED -> removePending(s, event.getHandled().getMessageId());
            case REPLY -> {
                ReplyProduced r = event.getReply();
                if (r.getTarget().getKind() != ChannelKind.CHANNEL_KIND_GRPC) {
                    s.addUndelivered(r);
                }
                addTurn(s, StoredTurn.newBuilder().setBot(true).setText(r.getText()).setId(r.getReplyId())
                        .setAtMillis(at).build());
                s.setLastActivityMillis(at);
            }
            case VARIABLES -> s.putAllVariables(event.getVariables().getValuesMap());
            case STATE_CHANGED -> s.setState(event.getStateChanged().getState());
            case DELIVERY -> {
                for (int i = 0; i < s.getUndeliveredCount(); i++) {
                    if (s.getUndelivered(i).getReplyId().equals(event.getDelivery().getReplyId())) {
                        s.removeUndelivered(i);
                        break;
                    }
                }
            }
            default -> {
                return state; // an event of a newer version
            }
        }
        if (!event.getHandles().isEmpty()) {
            removePending(s, event.getHandles()); // the last event of a message stored with its outcome
        }
        return s.build();
    }

    private static void removePending(SessionSnapshot.Builder s, String messageId) {
        for (int i = 0; i < s.getPendingCount(); i++) {
            if (s.getPending(i).getMessageId().equals(messageId)) {
                s.removePending(i);
                return;
            }
        }
    }

    private static void addTurn(SessionSnapshot.Builder s, StoredTurn turn) {
        s.addRecentTurns(turn);
        while (s.getRecentTurnsCount() > MAX_RECENT_TURNS) {
            s.removeRecentTurns(0);
        }
    }

    private static void addId(SessionSnapshot.Builder s, String id) {
        s.addRecentMessageIds(id);
        if (s.getRecentMessageIdsCount() > MAX_RECENT_IDS) {
            List<String> kept = new ArrayList<>(s.getRecentMessageIdsList()
                    .subList(s.getRecentMessageIdsCount() - MAX_RECENT_IDS, s.getRecentMessageIdsCount()));
            s.clearRecentMessageIds().addAllRecentMessageIds(kept);
        }
    }

    private static SessionEvent.Builder event(long now) {
        return SessionEvent.newBuilder().setAtMillis(now);
    }

    private static SessionReply.Builder summary(SessionSnapshot s) {
        return SessionReply.newBuilder().setState(s.getState()).setUserId(s.getUserId())
                .setLastActivityMillis(s.getLastActivityMillis()).setMessages(s.getMessages())
                .setPending(s.getPendingCount()).setUndelivered(s.getUndeliveredCount());
    }

    /**
     * The reply to a message handled in this turn: its replies, with the journal positions they get (the turn's
     * events are appended in order after {@code baseSeq}).
     */
    private static SessionReply replyWithReplies(SessionSnapshot s, List<SessionEvent> events, String messageId,
                                                 long baseSeq) {
        SessionReply.Builder reply = summary(s);
        for (int i = 0; i < events.size(); i++) {
            SessionEvent e = events.get(i);
            if (e.hasReply()) {
                reply.addReplies(Reply.newBuilder().setReplyId(e.getReply().getReplyId()).setText(e.getReply().getText())
                        .setInReplyTo(messageId).setAt(Times.ofMillis(e.getAtMillis())).setSeq(baseSeq + i + 1));
            } else if (e.hasHandled() && !e.getHandled().getError().isEmpty()) {
                reply.setError(e.getHandled().getError());
            }
        }
        return reply.build();
    }
}
