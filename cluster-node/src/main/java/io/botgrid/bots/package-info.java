/**
 * The bot handler SPI: how a bot decides what to answer. Implement {@link io.botgrid.bots.BotHandler} to add a
 * handler; Botgrid gives it the message and a view of the conversation, and persists and delivers what it returns.
 */
package io.botgrid.bots;
