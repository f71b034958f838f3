/**
 * The handler SPI: how a bot's behaviour is plugged into the cluster.
 *
 * <p>Why a separate, tiny package: handlers are written by people who know nothing about actors, Ignite or channels,
 * and plugins are compiled against this package alone. A handler sees one incoming message and a read-only view of
 * its conversation ({@link io.botgrid.bots.HandlerRequest}) and answers with what should change
 * ({@link io.botgrid.bots.HandlerResult}); the session actor owns persistence, ordering, timeouts and delivery. All
 * values here are immutable records so that they can be handed across threads and to foreign code without copies.
 * Built-in handlers and plugin loading live in {@code io.botgrid.bots.handlers}.
 *
 * <p>This package ships in {@code botgrid-spi}, the jar of Botgrid's extension points (more SPIs join it later), which
 * depends on the JDK alone, so that a plugin's compile path holds no Ignite, gRPC or node class.
 */
package io.botgrid.bots;
