/**
 * Supervised workers: the public model of specs (standalone, group, chain), restart policies, placement, status,
 * lifecycle events, errors, and the node-local {@link io.botgrid.workers.LocalSupervisor} port that runs them.
 *
 * <p>Why node-local here: supervision semantics (a group dies together, a crashing stage stops its chain, restart
 * intensity and backoff) are decided where the instances run, without a network hop. What is cluster-wide (the durable
 * spec store, placing specs on nodes and failing them over, the registry, the gRPC service) is built on top of this
 * port and hands each node the specs it must run, with an incarnation number, through
 * {@link io.botgrid.workers.LocalSupervisor#apply}.
 *
 * <p>Worker code is written against the SPI {@code io.botgrid.workers.spi} ({@code botgrid-spi}). The engine (mailboxes,
 * stage queues, supervision, built-in functions, plugin loading) lives in {@code io.botgrid.workers.internal}; the
 * composition root builds it with {@code WorkerEngine.create}.
 */
package io.botgrid.workers;
