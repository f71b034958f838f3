package io.botgrid.client;

/** A bot's counters since it was created: enough to see whether it is used and whether it is healthy. */
public record BotStats(String botId, long messagesIn, long repliesOut, long errors, long sessions) {
}
