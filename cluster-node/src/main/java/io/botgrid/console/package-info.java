/**
 * Botgrid's web console: server-rendered pages under {@code /console} on a port of every node, for people who run bots
 * and want to look rather than type (cluster, actors, bots and their channels, live conversations, workers and chains,
 * deployed plugins).
 *
 * <p>{@link io.botgrid.console.Console} is its lifecycle (the node starts and stops it), {@link
 * io.botgrid.console.ConsoleConfig} its settings and {@link io.botgrid.console.ConsolePorts} what it needs of the node:
 * the same services the gRPC front uses, so both fronts behave the same. Pages, sessions and the Jetty server live in
 * {@code io.botgrid.console.internal} and are not API.
 */
package io.botgrid.console;
