package io.botgrid.actor.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;

/**
 * One message in an activation's mailbox, and where its outcome goes: a caller on this node, a caller on another
 * node, or nobody (a timer tick). The command is kept as an object when it came from this node (no serialisation)
 * and as bytes when it came over the wire; the turn parses it.
 */
abstract class Envelope {
    final ActorId id;
    final String actorKey;
    final ActorTypes.Registration registration;
    final Message command;
    final ByteString commandBytes;
    final String idempotencyKey;
    final long deadlineNanos;

    Envelope(ActorId id, String actorKey, ActorTypes.Registration registration, Message command,
             ByteString commandBytes, String idempotencyKey, long deadlineNanos) {
        this.id = id;
        this.actorKey = actorKey;
        this.registration = registration;
        this.command = command;
        this.commandBytes = commandBytes;
        this.idempotencyKey = idempotencyKey;
        this.deadlineNanos = deadlineNanos;
    }

    /** Whether handling this message counts as activity that postpones passivation. */
    boolean countsAsActivity() {
        return true;
    }

    /** The turn succeeded. {@code replyBytes} is the serialised reply if the turn already has it, else null. */
    abstract void succeed(Message reply, ByteString replyBytes);

    /** The turn failed, or the message could not be handled. */
    abstract void fail(ActorException error);

    /** This node does not own the actor (any more): the message must go to the current owner. */
    abstract void redirect();

    /** The actor is still active on its previous owner: try again shortly. */
    abstract void busy();

    /** The caller stopped waiting: its deadline passed or it gave up. */
    abstract boolean isAbandoned(long nowNanos);
}
