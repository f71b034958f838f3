/**
 * The worker SPI: how code that runs as a supervised worker (a stage of a chain, a member of a group, a standalone
 * process) is plugged into Botgrid.
 *
 * <p>Why a separate, tiny package: worker functions are written by people who need to know nothing about actors,
 * Ignite or the cluster. A function sees one {@link io.botgrid.workers.spi.WorkerMessage} at a time and answers with
 * zero or more messages; the node owns the mailbox, ordering, backpressure, restarts and placement. Its
 * {@link io.botgrid.workers.spi.WorkerFunctionFactory} is found by name through {@link java.util.ServiceLoader}
 * (file {@code META-INF/services/io.botgrid.workers.spi.WorkerFunctionFactory} in a jar of the node's plugins folder),
 * exactly as bot handlers are.
 *
 * <p>Threading contract: the node calls {@code init}, {@code handle} and {@code terminate} of one function instance
 * one at a time, never concurrently and with a happens-before edge between calls, so a function keeps its state in
 * plain fields without locks. A function that waits (I/O, timers) overrides
 * {@link io.botgrid.workers.spi.WorkerFunction#handleAsync} and returns a stage instead of blocking a shared thread;
 * the instance takes its next message only once that stage is complete.
 *
 * <p>This package ships in {@code botgrid-spi} and depends on the JDK alone.
 */
package io.botgrid.workers.spi;
