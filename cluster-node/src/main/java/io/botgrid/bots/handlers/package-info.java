/**
 * Which handlers a node can run: {@link io.botgrid.bots.handlers.HandlerRegistry} resolves a bot's handler name to
 * a built-in or a plugin and caches the handler configured with the bot's settings.
 *
 * <p>Why a registry rather than a ServiceLoader at each use: the set of handlers must be fixed and checked once, at
 * node start, so that a name clash or a broken plugin stops the node instead of surfacing on some bot's first
 * message. The handlers themselves live in {@code io.botgrid.bots.handlers.internal} and are not API.
 */
package io.botgrid.bots.handlers;
