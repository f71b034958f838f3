package io.botgrid.client;

import java.time.Instant;

/**
 * One reply of a bot.
 *
 * @param replyId unique and stable: de-duplicate by it if you store replies
 * @param seq the reply's position in its session; resume a {@link Conversation} after the last one you saw
 * @param inReplyTo the id of the message it answers
 */
public record Reply(String replyId, String text, long seq, String inReplyTo, Instant at) {
}
