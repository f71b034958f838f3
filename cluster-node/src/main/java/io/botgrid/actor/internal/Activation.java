package io.botgrid.actor.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.botgrid.actor.ActivationListener.EndReason;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTurnFailedException;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.actor.MalformedCommandException;
import io.botgrid.actor.Reminders;
import io.botgrid.actor.Timers;
import io.botgrid.actor.TurnOutcome;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.telemetry.LogContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One live activation of an actor on its owner: state, mailbox and the turn loop.
 *
 * <p>Turns run on the runtime's turn pool, one at a time: the {@code running} flag is held from the moment the
 * mailbox is scheduled until it is empty or the turn waits for the journal, so actor code never runs concurrently
 * with itself. A turn that persists events releases its thread while the journal writes, and resumes the loop when
 * the write completes. Passivation takes the same flag, so it never interrupts a turn.
 */
final class Activation implements ActorContext<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(Activation.class);
    private static final int TURNS_PER_SLICE = 64;
    /** How long an asynchronous turn may keep its actor waiting before it fails. */
    static final Duration ASYNC_TURN_LIMIT = Duration.ofSeconds(60);

    private static final VarHandle RUNNING;
    private static final VarHandle CLOSING;
    private static final VarHandle PENDING_CLOSE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RUNNING = lookup.findVarHandle(Activation.class, "running", boolean.class);
            CLOSING = lookup.findVarHandle(Activation.class, "closing", boolean.class);
            PENDING_CLOSE = lookup.findVarHandle(Activation.class, "pendingClose", EndReason.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int RECOVERING = 0;
    static final int ACTIVE = 1;
    static final int CLOSED = 2;

    final ActorId id;
    final String actorKey;
    final int partition;
    final long activationNo;
    final ActorTypes.Registration registration;
    private final EventSourcedBehavior<Message, Message, Object, Message> behavior;
    private final ActorRuntime runtime;

    private final ConcurrentLinkedQueue<Envelope> mailbox = new ConcurrentLinkedQueue<>();
    // Flags as volatile fields with VarHandles rather than java.util.concurrent.atomic objects: four fewer objects
    // (about 64 bytes) per activation, which counts with a million idle ones on a node (W4).
    private volatile boolean running;
    private volatile int status = RECOVERING;
    private volatile boolean closing;
    /** Completes once the activation is closed, whichever way; what a stopping node waits on. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** A close asked for while a turn ran (or recovery was under way): done as soon as the turn loop lets go. */
    private volatile EndReason pendingClose;
    private volatile long lastActivityNanos;

    // Confined to turns (and to recovery, which happens-before the first turn).
    private Object state;
    private long seq;
    /** The owner epoch this activation claimed in the directory; every append is fenced by it. */
    private long epoch;
    private Snapshotter snapshotter;
    private IdempotencyCache recent;
    private boolean waitingForJournal;
    private long turnStartNanos; // confined to turns, like the state
    private final ActivationTimers timers;
    private final RemindersImpl remindersView = new RemindersImpl();

    @SuppressWarnings("unchecked")
    Activation(ActorRuntime runtime, ActorId id, String actorKey, int partition, long activationNo,
               ActorTypes.Registration registration) {
        this.runtime = runtime;
        this.id = id;
        this.actorKey = actorKey;
        this.partition = partition;
        this.activationNo = activationNo;
        this.registration = registration;
        this.behavior = (EventSourcedBehavior<Message, Message, Object, Message>) registration.behavior();
        this.timers = new ActivationTimers(this, runtime.executors);
        this.lastActivityNanos = runtime.ticker.nanoTime();
    }

    boolean tracingEnabled() {
        return runtime.tracing.enabled;
    }

    int status() {
        return status;
    }

    /** Messages waiting in the mailbox (O(n): for the metrics at scrape time only). */
    int queued() {
        return mailbox.size();
    }

    /** The turn that just ended took {@link #turnStartNanos} until now. */
    private void turnEnded() {
        runtime.metrics.turn(registration.type(), runtime.ticker.nanoTime() - turnStartNanos);
    }

    long idleNanos(long now) {
        return now - lastActivityNanos;
    }

    /**
     * Adds a message. Returns false if the activation is already closed and the caller must find or create another.
     */
    boolean offer(Envelope envelope) {
        if (status == CLOSED) {
            return false;
        }
        mailbox.add(envelope);
        if (status == CLOSED) {
            // Closed while we added: whoever closed may have drained already, so hand anything left on ourselves.
            drainTo(runtime::redirect);
            return true;
        }
        schedule();
        return true;
    }

    private void schedule() {
        if (status == ACTIVE && !mailbox.isEmpty() && RUNNING.compareAndSet(this, false, true)) {
            runtime.executors.turns.execute(this::runTurns);
        }
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Loads snapshot and journal ({@link Recovery}) for the activation that claimed owner epoch {@code claimedEpoch}
     * with journal head {@code head}, before any turn: on the turn pool (or the caller's thread), holding no thread
     * while storage answers. Completes with the last sequence number read.
     */
    CompletableFuture<Long> recover(long claimedEpoch, long head) {
        epoch = claimedEpoch;
        return Recovery.run(runtime, id, actorKey, registration, behavior, head, runtime.executors.turns)
                .thenApply(r -> {
                    state = r.state();
                    seq = r.seq();
                    recent = r.recent();
                    snapshotter = new Snapshotter(runtime, id, actorKey, behavior.snapshotCodec(),
                            registration.settings().snapshotEvery(), r.eventsSinceSnapshot());
                    return seq;
                });
    }

    /**
     * Recovery done: start taking turns. Called on a turn-pool thread (the end of the activation's last step), so the
     * first turns run right here rather than after a trip through the pool's queue: the first call's latency is what
     * activation adds, and under load each hop through the queue is a wait.
     */
    void markActive() {
        lastActivityNanos = runtime.ticker.nanoTime();
        status = ACTIVE;
        if (!mailbox.isEmpty() && RUNNING.compareAndSet(this, false, true)) {
            runTurns();
        }
        closeIfRequested();
    }

    // ---------------------------------------------------------------- turns

    private void runTurns() {
        inLogContext(this::runTurnsNow);
    }

    /**
     * Runs {@code work} with the actor's log context (MDC {@code node}, {@code actor}); removes it, and what the
     * behavior added ({@code bot}, {@code session}), afterwards, since turn threads are shared by every actor.
     */
    private void inLogContext(Runnable work) {
        MDC.put(LogContext.NODE, runtime.nodeName);
        MDC.put(LogContext.ACTOR, actorKey);
        try {
            work.run();
        } finally {
            MDC.remove(LogContext.NODE);
            MDC.remove(LogContext.ACTOR);
            MDC.remove(LogContext.BOT);
            MDC.remove(LogContext.SESSION);
        }
    }

    private void runTurnsNow() {
        int processed = 0;
        while (true) {
            if (waitingForJournal) {
                return; // the journal completion resumes the loop; 'running' stays held
            }
            Envelope envelope = mailbox.poll();
            if (envelope == null) {
                break;
            }
            if (status != ACTIVE) {
                runtime.redirect(envelope);
                continue;
            }
            if (!runtime.placement.ownsPartition(partition)) {
                runtime.redirect(envelope);
                closeHeld(EndReason.OWNER_CHANGED);
                return;
            }
            turnStartNanos = runtime.ticker.nanoTime();
            turn(envelope);
            if (!waitingForJournal) {
                turnEnded();
            }
            if (++processed >= TURNS_PER_SLICE && !waitingForJournal) {
                runtime.executors.turns.execute(this::runTurns); // let other actors' turns in
                return;
            }
        }
        running = false;
        if (closeIfRequested()) {
            return;
        }
        schedule();
    }

    private void turn(Envelope envelope) {
        if (envelope.isAbandoned(runtime.ticker.nanoTime())) {
            envelope.endSpans(null);
            return; // the caller gave up; doing the work now could only surprise it
        }
        if (envelope.trace != null && Span.fromContext(envelope.trace).getSpanContext().isSampled()) {
            // An unsampled call gets no turn or append span: its context (and so the decision) still becomes
            // current for the turn, so what the turn calls or sends continues it rather than starting a new trace.
            envelope.turnSpan = runtime.tracing.startTurn(id, envelope.trace);
        }
        Scope scope = envelope.makeTurnCurrent();
        try {
            turnTraced(envelope);
        } finally {
            scope.close();
        }
    }

    private void turnTraced(Envelope envelope) {
        Message command;
        try {
            command = envelope.command != null ? envelope.command
                    : behavior.commandParser().parseFrom(envelope.commandBytes);
        } catch (InvalidProtocolBufferException e) {
            envelope.fail(new MalformedCommandException("command for " + id + " does not parse as "
                    + behavior.commandParser().getClass().getEnclosingClass().getSimpleName() + ": "
                    + e.getMessage()));
            return;
        }
        if (envelope.countsAsActivity()) {
            lastActivityNanos = runtime.ticker.nanoTime();
        }
        runtime.metrics.message(registration.type());
        long nowMillis = runtime.clock.millis();
        String key = envelope.idempotencyKey;
        if (key != null) {
            ByteString prior = recent.get(key, nowMillis);
            if (prior != null) {
                // The call was sent again: its events are in the journal, but confirming them now is an
                // acknowledgement like any other.
                String away = runtime.lostCopies.why(actorKey);
                if (away == null) {
                    envelope.succeed(null, prior);
                } else {
                    envelope.fail(LostCopies.refusal(away));
                }
                return;
            }
        }
        Effect<Message, Object, Message> effect;
        try {
            effect = behavior.handle(state, command, this);
        } catch (RuntimeException | StackOverflowError e) {
            failTurn(envelope, e);
            return;
        }
        if (effect.later() != null) {
            suspend(envelope, effect.later(), nowMillis);
            return;
        }
        carryOut(envelope, effect, nowMillis);
    }

    /**
     * An asynchronous turn: the mailbox waits (as it does for the journal) until the decision arrives, then the
     * decided effect is carried out and turns resume.
     */
    private void suspend(Envelope envelope, java.util.concurrent.CompletionStage<Effect<Message, Object, Message>> later,
                         long nowMillis) {
        waitingForJournal = true;
        later.toCompletableFuture().orTimeout(ASYNC_TURN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((decided, error) -> inLogContext(() -> {
                    waitingForJournal = false;
                    if (error != null) {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException
                                && error.getCause() != null ? error.getCause() : error;
                        failTurn(envelope, cause instanceof java.util.concurrent.TimeoutException
                                ? new IllegalStateException("the asynchronous turn did not decide within "
                                + ASYNC_TURN_LIMIT.toSeconds() + " s") : cause);
                    } else if (decided == null || decided.later() != null) {
                        failTurn(envelope, new IllegalStateException("an asynchronous turn must decide on an "
                                + "effect that is not itself asynchronous"));
                    } else {
                        Scope scope = envelope.makeTurnCurrent();
                        try {
                            carryOut(envelope, decided, nowMillis);
                        } finally {
                            scope.close();
                        }
                    }
                    if (!waitingForJournal) {
                        turnEnded();
                        runTurns();
                    }
                }), runtime.executors.turns);
    }

    private void failTurn(Envelope envelope, Throwable e) {
        runtime.metrics.turnFailed(registration.type());
        LOG.debug("Turn of {} failed", id, e);
        envelope.fail(new ActorTurnFailedException("handler of " + id + " threw " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "; nothing was persisted"));
    }

    /**
     * Rejects, replies or persists then replies, as the effect says; side effects run only once the events are
     * durable (at once for a reply-only effect), before the reply.
     */
    private void carryOut(Envelope envelope, Effect<Message, Object, Message> effect, long nowMillis) {
        TurnOutcome<Message, Object, Message> outcome;
        try {
            outcome = TurnOutcome.of(behavior, state, effect);
        } catch (RuntimeException | StackOverflowError e) {
            failTurn(envelope, e);
            return;
        }
        if (outcome.isRejected()) {
            envelope.fail(outcome.rejectedException(id));
            return;
        }
        if (outcome.events().isEmpty()) {
            sideEffectsThenReply(envelope, outcome, null);
            return;
        }
        persistThenReply(envelope, outcome, nowMillis);
    }

    private void persistThenReply(Envelope envelope, TurnOutcome<Message, Object, Message> outcome, long now) {
        List<Message> events = outcome.events();
        String key = envelope.idempotencyKey;
        ByteString replyBytes = key != null ? outcome.reply().toByteString() : null;
        List<JournalRecord> records = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            JournalRecord.Builder b = JournalRecord.newBuilder()
                    .setSeq(seq + i + 1)
                    .setEvent(events.get(i).toByteString())
                    .setTimestampMillis(now);
            if (key != null && i == events.size() - 1) {
                b.setIdempotencyKey(key).setReply(replyBytes);
            }
            records.add(b.build());
        }
        waitingForJournal = true;
        Span appendSpan = envelope.turnSpan == null ? null : runtime.tracing.startAppend(id,
                Context.root().with(envelope.turnSpan), records.size(), seq + 1);
        runtime.journal.append(actorKey, epoch, records).whenCompleteAsync((ok, error) -> inLogContext(() -> {
            RuntimeTracing.end(appendSpan, error);
            waitingForJournal = false;
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                if (cause instanceof JournalConflictException) {
                    LOG.info("Activation of {} (epoch {}) is stale and stops: {}", id, epoch, cause.getMessage());
                    envelope.redirect(); // a newer activation owns the journal: the call goes to it
                } else {
                    envelope.fail(StorageErrors.journalError(actorKey, "append", cause));
                }
                turnEnded();
                // The journal may hold some, all or none of the events: start over from it. The outcome's side
                // effects are dropped with it.
                closeHeld(EndReason.FAILED);
                return;
            }
            state = outcome.state();
            seq += events.size();
            if (key != null) {
                recent.put(key, replyBytes, now, now);
            }
            snapshotter.persisted(events.size(), seq, state, recent);
            boolean replied;
            Scope scope = envelope.makeTurnCurrent();
            try {
                replied = sideEffectsThenReply(envelope, outcome, replyBytes);
            } finally {
                scope.close();
            }
            if (replied) {
                turnEnded();
                runTurns();
            }
        }), runtime.executors.turns);
    }

    /**
     * Runs the outcome's side effects, then replies. Returns true if that happened now; false if a side effect
     * waits on I/O, in which case the mailbox waits too and turns resume when it is done (bounded like an
     * asynchronous turn).
     */
    private boolean sideEffectsThenReply(Envelope envelope, TurnOutcome<Message, Object, Message> outcome,
                                         ByteString replyBytes) {
        CompletableFuture<Void> done = outcome.runSideEffects(runtime.executors.turns,
                e -> LOG.warn("A side effect of a turn of {} failed (its events stay persisted): {}", id, e.toString()));
        if (done.isDone()) {
            envelope.succeed(outcome.reply(), replyBytes);
            return true;
        }
        waitingForJournal = true;
        done.orTimeout(ASYNC_TURN_LIMIT.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((ignored, error) -> inLogContext(() -> {
            waitingForJournal = false;
            if (error != null) {
                LOG.warn("Side effects of a turn of {} did not finish within {} s; replying without them", id,
                        ASYNC_TURN_LIMIT.toSeconds());
            }
            envelope.succeed(outcome.reply(), replyBytes);
            turnEnded();
            runTurns();
        }), runtime.executors.turns);
        return false;
    }

    // ---------------------------------------------------------------- closing

    /**
     * Passivates if no turn is running or queued. Returns true if the activation is closed now.
     */
    boolean tryClose(EndReason reason) {
        if (status == CLOSED) {
            return true;
        }
        if (status != ACTIVE || !RUNNING.compareAndSet(this, false, true)) {
            return false;
        }
        if (!mailbox.isEmpty() && reason == EndReason.IDLE) {
            running = false;
            schedule();
            return false;
        }
        closeHeld(reason);
        return true;
    }

    /**
     * Closes as soon as no turn runs: now if possible, else when the turn loop lets go (or, for an activation still
     * recovering, once it is active). The first reason asked for wins. The future completes when it is closed.
     */
    CompletableFuture<Void> requestClose(EndReason reason) {
        PENDING_CLOSE.compareAndSet(this, null, reason);
        closeIfRequested();
        return closed.copy();
    }

    /** Takes back a close request nobody waits for any more (a forced passivation that gave up). */
    void withdrawCloseRequest(EndReason reason) {
        PENDING_CLOSE.compareAndSet(this, reason, null);
    }

    /**
     * Carries out a pending close request if the turn loop is free. Called by the requester and by every place that
     * frees the loop, after freeing it, so one of them sees the other.
     */
    private boolean closeIfRequested() {
        EndReason reason = pendingClose;
        return reason != null && tryClose(reason);
    }

    /** Closes while holding {@code running}: from a turn, or from {@link #tryClose}. */
    private void closeHeld(EndReason reason) {
        closeNow(reason);
        running = false;
    }

    /** Marks closed, stops timers, releases the activation and hands queued messages on. */
    void closeNow(EndReason reason) {
        if (status == CLOSED || !CLOSING.compareAndSet(this, false, true)) {
            return;
        }
        timers.cancelAll();
        // Report the end while still in the table, so no new activation of this actor (here or elsewhere) can be
        // reported before it; messages offered meanwhile queue up and are handed on below.
        runtime.reportDeactivated(this, reason);
        status = CLOSED;
        runtime.forget(this);
        drainTo(runtime::redirect);
        closed.complete(null);
    }

    /** Marks an activation that never became active as closed; nothing was started, so nothing is reported. */
    void closeQuietly() {
        status = CLOSED;
    }

    /** The runtime has forgotten an activation that never became active: whoever waits for its close may go on. */
    void abandoned() {
        closed.complete(null);
    }

    /** Fails everything queued with {@code error}; used when activation itself fails. */
    void failQueued(ActorException error) {
        Envelope e;
        while ((e = mailbox.poll()) != null) {
            e.fail(error);
        }
    }

    /** Tells everything queued to retry later (the actor is still active on its previous owner). */
    void bounceQueued() {
        Envelope e;
        while ((e = mailbox.poll()) != null) {
            e.busy();
        }
    }

    private void drainTo(java.util.function.Consumer<Envelope> sink) {
        Envelope e;
        while ((e = mailbox.poll()) != null) {
            sink.accept(e);
        }
    }

    // ---------------------------------------------------------------- context

    @Override
    public ActorId id() {
        return id;
    }

    @Override
    public String nodeName() {
        return runtime.nodeName;
    }

    @Override
    public long lastSequenceNumber() {
        return seq;
    }

    @Override
    public Clock clock() {
        return runtime.clock;
    }

    @Override
    public Timers<Message> timers() {
        return timers;
    }

    @Override
    public Reminders<Message> reminders() {
        return remindersView;
    }

    private final class RemindersImpl implements Reminders<Message> {
        @Override
        public void register(String name, Duration firstDelay, Duration period, Message command) {
            runtime.reminders.register(actorKey, name, firstDelay, period, command.toByteString());
        }

        @Override
        public void unregister(String name) {
            runtime.reminders.unregister(actorKey, name);
        }
    }
}
