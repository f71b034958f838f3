package io.botgrid.it;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.actor.RejectionCode;
import io.botgrid.actor.SnapshotCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test actor: an append-only list of tags. Commands are text: {@code append:T} (persists T, replies the new
 * count), {@code count}, {@code tags} (comma-separated), {@code fail} (throws), {@code reject},
 * {@code sleep:MS}, {@code timer:MS} (a single timer that appends "timer"), {@code remind:NAME:DELAY:PERIOD}
 * (a reminder that appends "reminder-NAME"), {@code unremind:NAME}, {@code note:T} (persists T and, once it is
 * stored, notes "T@count" in {@link #SIDE_EFFECTS}), {@code refuse:CODE} (rejects with that {@link RejectionCode}).
 */
final class Ledger implements EventSourcedBehavior<StringValue, StringValue, Ledger.State, StringValue> {
    /** The state: tags in order. */
    record State(List<String> tags) {
        State append(String tag) {
            List<String> next = new ArrayList<>(tags);
            next.add(tag);
            return new State(List.copyOf(next));
        }
    }

    /** What the {@code note} side effects saw, in the order they ran (this JVM's nodes only). */
    static final List<String> SIDE_EFFECTS = new CopyOnWriteArrayList<>();

    private final boolean snapshots;

    Ledger(boolean snapshots) {
        this.snapshots = snapshots;
    }

    static StringValue cmd(String text) {
        return StringValue.of(text);
    }

    @Override
    public Parser<StringValue> commandParser() {
        return StringValue.parser();
    }

    @Override
    public Parser<StringValue> eventParser() {
        return StringValue.parser();
    }

    @Override
    public Parser<StringValue> replyParser() {
        return StringValue.parser();
    }

    @Override
    public State emptyState(ActorId id) {
        return new State(List.of());
    }

    @Override
    public Effect<StringValue, State, StringValue> handle(State state, StringValue command,
                                                          ActorContext<StringValue> ctx) {
        String[] parts = command.getValue().split(":", -1);
        switch (parts[0]) {
            case "append":
                return Effect.persist(StringValue.of(parts[1])).thenReply(s -> StringValue.of("" + s.tags().size()));
            case "note":
                return Effect.persist(StringValue.of(parts[1]))
                        .<State, StringValue>thenReply(s -> StringValue.of("" + s.tags().size()))
                        .thenRun(s -> SIDE_EFFECTS.add(parts[1] + "@" + s.tags().size()));
            case "refuse":
                return Effect.reject(RejectionCode.valueOf(parts[1]), "refused with " + parts[1]);
            case "count":
                return Effect.reply(StringValue.of("" + state.tags().size()));
            case "tags":
                return Effect.reply(StringValue.of(String.join(",", state.tags())));
            case "fail":
                throw new IllegalStateException("boom");
            case "reject":
                return Effect.reject("not today");
            case "sleep":
                try {
                    Thread.sleep(Long.parseLong(parts[1]));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Effect.reply(StringValue.of("slept"));
            case "timer":
                ctx.timers().startSingle("t", Duration.ofMillis(Long.parseLong(parts[1])), cmd("append:timer"));
                return Effect.reply(StringValue.of("ok"));
            case "remind":
                ctx.reminders().register(parts[1], Duration.ofMillis(Long.parseLong(parts[2])),
                        Duration.ofMillis(Long.parseLong(parts[3])), cmd("append:reminder-" + parts[1]));
                return Effect.reply(StringValue.of("ok"));
            case "unremind":
                ctx.reminders().unregister(parts[1]);
                return Effect.reply(StringValue.of("ok"));
            default:
                return Effect.reject("unknown command " + command.getValue());
        }
    }

    @Override
    public State apply(State state, StringValue event) {
        return state.append(event.getValue());
    }

    @Override
    public SnapshotCodec<State> snapshotCodec() {
        if (!snapshots) {
            return null;
        }
        return new SnapshotCodec<>() {
            @Override
            public ByteString encode(State state) {
                return StringValue.of(String.join("\n", state.tags())).toByteString();
            }

            @Override
            public State decode(ByteString bytes) throws InvalidProtocolBufferException {
                String text = StringValue.parseFrom(bytes).getValue();
                return new State(text.isEmpty() ? List.of() : List.copyOf(Arrays.asList(text.split("\n"))));
            }
        };
    }
}
