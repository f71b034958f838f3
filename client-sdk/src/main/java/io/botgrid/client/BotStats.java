package io.botgrid.client;

/**
 * A bot's counters since it was created: enough to see whether it is used and whether it is healthy.
 *
 * @param llmTokens tokens the {@code llm} handler used (prompt and completion)
 * @param llmOverBudget messages answered with the bot's {@code budget_reply} because a budget was spent
 */
public record BotStats(String botId, long messagesIn, long repliesOut, long errors, long sessions, long llmTokens,
                       long llmOverBudget) {
    /** Counters of a bot without llm usage. */
    public BotStats(String botId, long messagesIn, long repliesOut, long errors, long sessions) {
        this(botId, messagesIn, repliesOut, errors, sessions, 0, 0);
    }
}
