package io.botgrid.workers;

/**
 * The queue of a chain stage or of a worker's mailbox.
 *
 * @param name the stage name ({@code end} for the end function) or the worker id of a standalone or group worker
 * @param instances instances currently serving it
 * @param depth items waiting (not counting the ones being handled)
 * @param capacity its bound
 * @param processed items handled without a crash since the spec (re)started on this node
 * @param failed items whose handling crashed
 */
public record QueueStatus(String name, int instances, int depth, int capacity, long processed, long failed) {
}
