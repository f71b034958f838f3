package io.botgrid.actor.internal;

import io.botgrid.actor.ActorCallTimeoutException;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorTurnFailedException;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.CommandRejectedException;
import io.botgrid.actor.InvalidActorIdException;
import io.botgrid.actor.JournalUnavailableException;
import io.botgrid.actor.MalformedCommandException;
import io.botgrid.actor.RejectionCode;
import io.botgrid.actor.UnknownActorTypeException;
import io.botgrid.proto.v1.CallError;
import io.botgrid.proto.v1.CallErrorCode;
import io.botgrid.proto.v1.CallRejectionCode;

/**
 * The one table between the runtime's failures and the node-to-node {@link CallError}: the owner encodes a failure
 * with {@link #toWire}, the caller's node turns it back into the same exception (rejection code included) with
 * {@link #fromWire}. Both directions switch over the same codes, so the compiler reports a failure added on one
 * side only.
 */
final class CallErrors {
    private CallErrors() {
    }

    static CallError toWire(ActorException e) {
        CallError.Builder wire = CallError.newBuilder().setMessage(String.valueOf(e.getMessage()));
        switch (e.code()) {
            case UNKNOWN_ACTOR_TYPE -> wire.setCode(CallErrorCode.UNKNOWN_ACTOR_TYPE);
            case INVALID_ACTOR_ID -> wire.setCode(CallErrorCode.INVALID_ACTOR_KEY);
            case MALFORMED_COMMAND -> wire.setCode(CallErrorCode.MALFORMED_COMMAND);
            case TURN_FAILED -> wire.setCode(CallErrorCode.TURN_FAILED);
            case JOURNAL_UNAVAILABLE -> wire.setCode(CallErrorCode.JOURNAL_UNAVAILABLE);
            case CALL_TIMEOUT -> wire.setCode(CallErrorCode.DEADLINE_EXCEEDED);
            case CLUSTER_UNAVAILABLE -> wire.setCode(((ClusterUnavailableException) e).isRegionWide()
                    ? CallErrorCode.REGION_REFUSES_WRITES : CallErrorCode.NODE_UNAVAILABLE);
            case COMMAND_REJECTED -> {
                CommandRejectedException r = (CommandRejectedException) e;
                wire.setCode(CallErrorCode.COMMAND_REJECTED).setRejectionCode(toWire(r.rejectionCode()))
                        .setRejectionReason(r.reason());
            }
        }
        return wire.build();
    }

    /**
     * The failure a {@link CallError} stands for. The codes that mean "try again elsewhere" ({@code NOT_OWNER},
     * {@code HANDOVER_IN_PROGRESS}, {@code NODE_UNAVAILABLE}) are the router's to handle before it gets here; an
     * unknown code (from a newer node) is a failed turn.
     */
    static ActorException fromWire(CallError error) {
        String m = error.getMessage();
        return switch (error.getCode()) {
            case UNKNOWN_ACTOR_TYPE -> new UnknownActorTypeException(m);
            case INVALID_ACTOR_KEY -> new InvalidActorIdException(m);
            case MALFORMED_COMMAND -> new MalformedCommandException(m);
            case JOURNAL_UNAVAILABLE -> new JournalUnavailableException(m);
            case DEADLINE_EXCEEDED -> new ActorCallTimeoutException(m);
            case NODE_UNAVAILABLE, NOT_OWNER, HANDOVER_IN_PROGRESS -> new ClusterUnavailableException(m);
            case REGION_REFUSES_WRITES -> ClusterUnavailableException.regionWide(m);
            case COMMAND_REJECTED -> new CommandRejectedException(fromWire(error.getRejectionCode()),
                    error.getRejectionReason().isEmpty() ? m : error.getRejectionReason(), m);
            default -> new ActorTurnFailedException(m);
        };
    }

    private static CallRejectionCode toWire(RejectionCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> CallRejectionCode.REJECTION_INVALID_ARGUMENT;
            case NOT_FOUND -> CallRejectionCode.REJECTION_NOT_FOUND;
            case ALREADY_EXISTS -> CallRejectionCode.REJECTION_ALREADY_EXISTS;
            case FAILED_PRECONDITION -> CallRejectionCode.REJECTION_FAILED_PRECONDITION;
            case PERMISSION_DENIED -> CallRejectionCode.REJECTION_PERMISSION_DENIED;
            case RESOURCE_EXHAUSTED -> CallRejectionCode.REJECTION_RESOURCE_EXHAUSTED;
        };
    }

    private static RejectionCode fromWire(CallRejectionCode code) {
        return switch (code) {
            case REJECTION_INVALID_ARGUMENT -> RejectionCode.INVALID_ARGUMENT;
            case REJECTION_NOT_FOUND -> RejectionCode.NOT_FOUND;
            case REJECTION_ALREADY_EXISTS -> RejectionCode.ALREADY_EXISTS;
            case REJECTION_PERMISSION_DENIED -> RejectionCode.PERMISSION_DENIED;
            case REJECTION_RESOURCE_EXHAUSTED -> RejectionCode.RESOURCE_EXHAUSTED;
            default -> RejectionCode.FAILED_PRECONDITION; // unset (an older node) or a code this version lacks
        };
    }
}
