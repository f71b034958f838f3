/**
 * The bot platform's machinery behind {@link io.botgrid.bots.platform.BotsApi}: the Bot and Session actors, the
 * outbox that delivers replies through channels, and the indexes that list bots and sessions.
 */
package io.botgrid.bots.internal;
