package io.botgrid.client;

/** Why a call failed, one value per situation a caller handles differently. */
public enum ErrorCode {
    /** The request is wrong (empty key, command of the wrong type, unparseable payload): fix it, do not retry. */
    INVALID_ARGUMENT,
    /** The actor type, node, bot or session does not exist (or the bot was deleted). */
    NOT_FOUND,
    /** Something with that identity exists already, e.g. a bot id that is taken. Pick another, or get the existing. */
    ALREADY_EXISTS,
    /** The deadline passed; the command may or may not have taken effect. Retry with the same idempotency key. */
    DEADLINE_EXCEEDED,
    /** No node could serve the call now, after the SDK's own retries. */
    UNAVAILABLE,
    /** Message too large, or the node has too many calls in flight. */
    RESOURCE_EXHAUSTED,
    /** No token, or a token the cluster does not accept. */
    UNAUTHENTICATED,
    /** The token's role may not do this. */
    PERMISSION_DENIED,
    /** The actor refused the command on purpose (a business rule), or the cluster state forbids the operation. */
    FAILED_PRECONDITION,
    /** The actor's handler failed; nothing was persisted. */
    INTERNAL,
    /** Anything else. */
    UNKNOWN
}
