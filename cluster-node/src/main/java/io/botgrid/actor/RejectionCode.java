package io.botgrid.actor;

/**
 * Why a behaviour refused a command ({@link Effect#reject(RejectionCode, String)}), in the terms a caller acts on.
 * The names are those of the gRPC status codes the front answers with, one to one.
 */
public enum RejectionCode {
    /** The command itself is wrong, whatever the actor's state: fix the request. */
    INVALID_ARGUMENT,
    /** What the command is about does not exist. */
    NOT_FOUND,
    /** What the command would create exists already. */
    ALREADY_EXISTS,
    /** The actor's state does not allow the command now; the default of {@link Effect#reject(String)}. */
    FAILED_PRECONDITION,
    /** The caller may not do this. */
    PERMISSION_DENIED,
    /** A limit of the actor is reached (too much waiting work, a quota); retry later. */
    RESOURCE_EXHAUSTED
}
