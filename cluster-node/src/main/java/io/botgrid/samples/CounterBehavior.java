package io.botgrid.samples;

import com.google.protobuf.Int64Value;
import com.google.protobuf.Parser;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.actor.SnapshotCodec;

/**
 * A durable counter: {@code "add:N"} persists a delta and replies with the new total, {@code "get"} replies with the
 * total. The smallest complete example of an event-sourced actor, registered on every node as type
 * {@value #TYPE}.
 */
public final class CounterBehavior implements EventSourcedBehavior<StringValue, Int64Value, Int64Value, Int64Value> {
    public static final String TYPE = "counter";

    @Override
    public Parser<StringValue> commandParser() {
        return StringValue.parser();
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
        return Int64Value.of(0);
    }

    @Override
    public Effect<Int64Value, Int64Value, Int64Value> handle(Int64Value state, StringValue command,
                                                             ActorContext<StringValue> context) {
        String c = command.getValue();
        if (c.equals("get")) {
            return Effect.reply(state);
        }
        if (c.startsWith("add:")) {
            long delta;
            try {
                delta = Long.parseLong(c.substring(4));
            } catch (NumberFormatException e) {
                return Effect.reject("'" + c.substring(4) + "' is not a whole number");
            }
            return Effect.persist(Int64Value.of(delta)).thenReply(s -> s);
        }
        return Effect.reject("unknown command '" + c + "'; use add:N or get");
    }

    @Override
    public Int64Value apply(Int64Value state, Int64Value event) {
        return Int64Value.of(state.getValue() + event.getValue());
    }

    @Override
    public SnapshotCodec<Int64Value> snapshotCodec() {
        return SnapshotCodec.protobuf(Int64Value.parser());
    }
}
