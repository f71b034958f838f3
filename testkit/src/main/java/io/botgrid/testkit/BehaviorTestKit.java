package io.botgrid.testkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.actor.RejectionCode;
import io.botgrid.actor.Reminders;
import io.botgrid.actor.SnapshotCodec;
import io.botgrid.actor.Timers;
import io.botgrid.actor.TurnOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs one behaviour without a cluster, in the spirit of Pekko's {@code EventSourcedBehaviorTestKit}: each command
 * returns the events it persisted, the state after them and the reply. The journal is kept as bytes, so
 * {@link #restart()} rebuilds the state through the real event serializer, as an activation does; with
 * {@link #restartFromSnapshot()} it goes through the snapshot codec too. A command is carried out by the runtime's
 * own {@link TurnOutcome}, so events, state, reply, rejection and side effects ({@code thenRun}) come out as in a
 * cluster. Timers and reminders are recorded, not run; fire them with {@link #runCommand}.
 *
 * @param <C> command type
 * @param <E> event type
 * @param <S> state type
 * @param <R> reply type
 */
public final class BehaviorTestKit<C extends Message, E extends Message, S, R extends Message> {
    /**
     * What one command did. {@code rejection} and {@code rejectionCode} are set, and events empty, when the behaviour
     * rejected it.
     */
    public record Result<E, S, R>(List<E> events, S state, R reply, String rejection, RejectionCode rejectionCode) {
    }

    private final EventSourcedBehavior<C, E, S, R> behavior;
    private final ActorId id;
    private final Clock clock;
    private final List<ByteString> journal = new ArrayList<>();
    private final Map<String, C> timers = new LinkedHashMap<>();
    private final Map<String, C> reminders = new LinkedHashMap<>();
    private S state;

    private BehaviorTestKit(EventSourcedBehavior<C, E, S, R> behavior, ActorId id, Clock clock) {
        this.behavior = behavior;
        this.id = id;
        this.clock = clock;
        this.state = behavior.emptyState(id);
    }

    public static <C extends Message, E extends Message, S, R extends Message> BehaviorTestKit<C, E, S, R> of(
            EventSourcedBehavior<C, E, S, R> behavior, ActorId id) {
        return new BehaviorTestKit<>(behavior, id, Clock.systemUTC());
    }

    public static <C extends Message, E extends Message, S, R extends Message> BehaviorTestKit<C, E, S, R> of(
            EventSourcedBehavior<C, E, S, R> behavior, ActorId id, Clock clock) {
        return new BehaviorTestKit<>(behavior, id, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Runs one command as a turn, with the runtime's own turn logic ({@link TurnOutcome}): events are applied and
     * stored, then the effect's side effects run ({@code thenRunAsync} stages are awaited), then the reply is
     * returned. Exceptions from the handler, {@code apply} or the reply propagate, and the state is left unchanged;
     * a side effect that fails propagates too, after its turn's events were stored (the runtime would log it).
     */
    public Result<E, S, R> runCommand(C command) {
        Effect<E, S, R> effect = behavior.handle(state, command, new Context());
        if (effect.later() != null) {
            // An asynchronous turn: the test waits for its decision, as the runtime's mailbox would.
            effect = effect.later().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
        TurnOutcome<E, S, R> outcome = TurnOutcome.of(behavior, state, effect);
        if (outcome.isRejected()) {
            return new Result<>(List.of(), state, null, outcome.rejection(), outcome.rejectionCode());
        }
        for (E e : outcome.events()) {
            journal.add(e.toByteString());
        }
        state = outcome.state();
        List<Throwable> failures = new ArrayList<>();
        outcome.runSideEffects(Runnable::run, failures::add).orTimeout(30, TimeUnit.SECONDS).join();
        if (!failures.isEmpty()) {
            IllegalStateException failed = new IllegalStateException("a side effect failed after the events of "
                    + "the turn were stored", failures.get(0));
            failures.stream().skip(1).forEach(failed::addSuppressed);
            throw failed;
        }
        return new Result<>(outcome.events(), state, outcome.reply(), null, null);
    }

    /** Rebuilds the state from the journal bytes through the behaviour's event parser. */
    public S restart() {
        S s = behavior.emptyState(id);
        for (ByteString bytes : journal) {
            s = behavior.apply(s, parse(bytes));
        }
        state = s;
        timers.clear();
        return state;
    }

    /** Encodes the state with the snapshot codec and decodes it back, as a recovery from a snapshot does. */
    public S restartFromSnapshot() {
        SnapshotCodec<S> codec = behavior.snapshotCodec();
        if (codec == null) {
            throw new IllegalStateException(behavior.getClass().getName() + " has no snapshot codec");
        }
        try {
            state = codec.decode(codec.encode(state));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("snapshot does not decode", e);
        }
        timers.clear();
        return state;
    }

    private E parse(ByteString bytes) {
        try {
            return behavior.eventParser().parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("journal event does not parse", e);
        }
    }

    public S state() {
        return state;
    }

    /** Every event persisted so far, parsed from the stored bytes. */
    public List<E> events() {
        return journal.stream().map(this::parse).toList();
    }

    /** Timers the behaviour has running, by name, with the command each delivers. */
    public Map<String, C> timers() {
        return Collections.unmodifiableMap(timers);
    }

    /** Reminders the behaviour has registered, by name. */
    public Map<String, C> reminders() {
        return Collections.unmodifiableMap(reminders);
    }

    private final class Context implements ActorContext<C> {
        @Override
        public ActorId id() {
            return id;
        }

        @Override
        public String nodeName() {
            return "test-kit";
        }

        @Override
        public long lastSequenceNumber() {
            return journal.size();
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public Timers<C> timers() {
            return new Timers<>() {
                @Override
                public void startSingle(String name, Duration delay, C command) {
                    timers.put(name, command);
                }

                @Override
                public void startPeriodic(String name, Duration interval, C command) {
                    timers.put(name, command);
                }

                @Override
                public void cancel(String name) {
                    timers.remove(name);
                }

                @Override
                public boolean isActive(String name) {
                    return timers.containsKey(name);
                }
            };
        }

        @Override
        public Reminders<C> reminders() {
            return new Reminders<>() {
                @Override
                public void register(String name, Duration firstDelay, Duration period, C command) {
                    reminders.put(name, command);
                }

                @Override
                public void unregister(String name) {
                    reminders.remove(name);
                }
            };
        }
    }
}
