package io.botgrid.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Parser;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorSettings;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.actor.SnapshotCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The actor types of the benchmarks, registered on every node of a benchmark cluster (in the driver and in child
 * node processes alike). Commands, events and replies are Protobuf well-known types, so no code generation is needed.
 */
public final class BenchTypes implements Supplier<ActorTypes> {
    /** W0: replies at once, persists nothing. */
    public static final String ECHO = "w0";
    /** W1: persists the command's payload as one event, then replies. */
    public static final String JOURNAL = "w1";
    /** W2 with snapshots every {@value #SNAPSHOT_EVERY} events. */
    public static final String RECOVERY_SNAPSHOT = "w2s";
    /** W2 without snapshots: recovery replays the whole journal. */
    public static final String RECOVERY_PLAIN = "w2n";
    /** Snapshot interval of {@link #RECOVERY_SNAPSHOT}. */
    public static final int SNAPSHOT_EVERY = 1_000;
    /** Size of the events the benchmarks write. */
    public static final int EVENT_BYTES = 100;

    @Override
    public ActorTypes get() {
        return create();
    }

    /** The benchmark types with their settings. */
    public static ActorTypes create() {
        return ActorTypes.builder()
                .register(ECHO, new Echo(), ActorSettings.DEFAULT.withSnapshotEvery(0))
                .register(JOURNAL, new JournalWriter(), ActorSettings.DEFAULT.withSnapshotEvery(0))
                .register(RECOVERY_SNAPSHOT, new Recovery(true),
                        ActorSettings.DEFAULT.withSnapshotEvery(SNAPSHOT_EVERY))
                .register(RECOVERY_PLAIN, new Recovery(false), ActorSettings.DEFAULT.withSnapshotEvery(0))
                .build();
    }

    /** W0: the reply is the command itself, sent at once; no event, no state. */
    static final class Echo implements EventSourcedBehavior<Int64Value, Int64Value, Int64Value, Int64Value> {
        @Override
        public Parser<Int64Value> commandParser() {
            return Int64Value.parser();
        }

        @Override
        public Parser<Int64Value> eventParser() {
            return Int64Value.parser();
        }

        @Override
        public Parser<Int64Value> replyParser() {
            return Int64Value.parser();
        }

        @Override
        public Int64Value emptyState(ActorId id) {
            return Int64Value.getDefaultInstance();
        }

        @Override
        public Effect<Int64Value, Int64Value, Int64Value> handle(Int64Value state, Int64Value command,
                                                                 ActorContext<Int64Value> context) {
            return Effect.reply(command);
        }

        @Override
        public Int64Value apply(Int64Value state, Int64Value event) {
            return state;
        }
    }

    /**
     * W1: a command with a payload persists the payload as one event and replies with the event's sequence number
     * once it is durable; an empty command (used to prime the actor) replies with the last sequence number and
     * persists nothing. The state is the number of events.
     */
    static final class JournalWriter implements EventSourcedBehavior<BytesValue, BytesValue, Long, Int64Value> {
        @Override
        public Parser<BytesValue> commandParser() {
            return BytesValue.parser();
        }

        @Override
        public Parser<BytesValue> eventParser() {
            return BytesValue.parser();
        }

        @Override
        public Parser<Int64Value> replyParser() {
            return Int64Value.parser();
        }

        @Override
        public Long emptyState(ActorId id) {
            return 0L;
        }

        @Override
        public Effect<BytesValue, Long, Int64Value> handle(Long state, BytesValue command,
                                                           ActorContext<BytesValue> context) {
            if (command.getValue().isEmpty()) {
                return Effect.reply(Int64Value.of(state));
            }
            return Effect.persist(command).thenReply(s -> Int64Value.of(s));
        }

        @Override
        public Long apply(Long state, BytesValue event) {
            return state + 1;
        }
    }

    /**
     * W2: {@code n > 0} persists {@code n} events of {@value #EVENT_BYTES} bytes in one turn; {@code 0} replies with
     * the number of events, which needs the state recovered. Snapshots (the count) only when built with them.
     */
    static final class Recovery implements EventSourcedBehavior<Int64Value, BytesValue, Int64Value, Int64Value> {
        private static final ByteString PAYLOAD = randomBytes(new Random(42), EVENT_BYTES);
        private static final int MAX_EVENTS_PER_COMMAND = 1_000;

        private final SnapshotCodec<Int64Value> codec;

        Recovery(boolean snapshots) {
            this.codec = snapshots ? SnapshotCodec.protobuf(Int64Value.parser()) : null;
        }

        @Override
        public Parser<Int64Value> commandParser() {
            return Int64Value.parser();
        }

        @Override
        public Parser<BytesValue> eventParser() {
            return BytesValue.parser();
        }

        @Override
        public Parser<Int64Value> replyParser() {
            return Int64Value.parser();
        }

        @Override
        public Int64Value emptyState(ActorId id) {
            return Int64Value.of(0);
        }

        @Override
        public Effect<BytesValue, Int64Value, Int64Value> handle(Int64Value state, Int64Value command,
                                                                 ActorContext<Int64Value> context) {
            long n = command.getValue();
            if (n <= 0) {
                return Effect.reply(state);
            }
            if (n > MAX_EVENTS_PER_COMMAND) {
                return Effect.reject("at most " + MAX_EVENTS_PER_COMMAND + " events per command, got " + n);
            }
            List<BytesValue> events = new ArrayList<>((int) n);
            for (int i = 0; i < n; i++) {
                events.add(BytesValue.of(PAYLOAD));
            }
            return Effect.persistAll(events).thenReply(s -> s);
        }

        @Override
        public Int64Value apply(Int64Value state, BytesValue event) {
            return Int64Value.of(state.getValue() + 1);
        }

        @Override
        public SnapshotCodec<Int64Value> snapshotCodec() {
            return codec;
        }
    }

    /**
     * The 1,024 payloads of {@code size} random bytes (fixed seed) that W1 and W3 send, and the echo too, so every
     * run and every workload sends the same bytes.
     */
    static BytesValue[] payloads(int size) {
        Random random = new Random(7);
        BytesValue[] out = new BytesValue[1024];
        for (int i = 0; i < out.length; i++) {
            out[i] = BytesValue.of(randomBytes(random, size));
        }
        return out;
    }

    /** {@code size} random bytes. */
    static ByteString randomBytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return ByteString.copyFrom(b);
    }
}
