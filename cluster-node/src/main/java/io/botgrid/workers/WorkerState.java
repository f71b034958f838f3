package io.botgrid.workers;

/** The state of a spec, or of one instance of it, on a node. */
public enum WorkerState {
    /** Being initialised. */
    STARTING,
    /** Taking messages. */
    RUNNING,
    /** Ended by a crash (or a restartable stop) and waiting out its backoff before the restart. */
    RESTARTING,
    /** Stopped normally (asked to, or ended normally with a policy that does not restart it). */
    STOPPED,
    /** Given up: a crash with strategy temporary, or more restarts than the intensity allows; see the last error. */
    FAILED
}
