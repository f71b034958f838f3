/**
 * The node-local worker engine behind {@link io.botgrid.workers.LocalSupervisor}: serial mailboxes over a shared
 * pool, stage queues with backpressure, supervision with restart intensity and backoff, built-in functions and the
 * plugin catalogue. Private to {@code io.botgrid.workers} and the composition root.
 */
package io.botgrid.workers.internal;
