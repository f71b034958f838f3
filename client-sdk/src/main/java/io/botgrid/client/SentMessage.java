package io.botgrid.client;

import java.util.List;

/**
 * The outcome of {@link Conversations#send}: the bot's replies to the message.
 *
 * @param messageId the message's id, as given or as made by the SDK; sending it again is harmless
 * @param duplicate true when the message had been handled before: the replies are those given then
 * @param state the session's named conversation state after the message
 */
public record SentMessage(String messageId, List<Reply> replies, boolean duplicate, String state) {
    public SentMessage {
        replies = List.copyOf(replies);
    }
}
