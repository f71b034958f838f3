package io.botgrid.client;

/**
 * A reply while the bot's handler still produces it (the {@code llm} handler streams its model's answer). Best
 * effort: partial replies are not stored, a reconnect does not bring them back, and the final text always arrives as
 * a {@link Reply}. Show them as "typing…" text and replace them with the reply.
 *
 * @param inReplyTo the id of the message being answered
 * @param index 1, 2, 3 ... per message; later ones hold more text
 * @param text the whole reply produced so far
 */
public record PartialReply(String inReplyTo, int index, String text) {
}
