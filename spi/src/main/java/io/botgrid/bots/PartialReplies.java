package io.botgrid.bots;

/**
 * Where a handler that produces its answer bit by bit (a language model streaming tokens) shows the text so far.
 *
 * <p>Why apart from {@link HandlerResult}: the result is what the session stores, once, as the answer; partial text is
 * only a courtesy to a person watching a live stream, so it is never stored, may be lost or arrive late, and is sent
 * only to callers that can show it: the gRPC Converse stream, and Slack when the bot asks for message updates
 * ({@link #editsMessages()}); webhooks get whole messages only. A handler that publishes partial text still returns the whole reply in its result.
 */
@FunctionalInterface
public interface PartialReplies {
    /** Partial replies that go nowhere: for handlers called outside a session and for tests. */
    PartialReplies NONE = (index, textSoFar) -> { };

    /**
     * Publishes the reply as it stands; best effort, never blocks for long, never throws.
     *
     * @param index 1, 2, 3 ... per message: a receiver keeps the highest it saw
     * @param textSoFar the whole reply produced so far (not just the new part), so a lost update costs nothing
     */
    void publish(int index, String textSoFar);

    /**
     * Whether each publication becomes a visible message edit on a chat platform (Slack: the first posts a message,
     * later ones update it) rather than a frame on a live stream. Such a receiver should be published to rarely and
     * only when the bot asks for it (the {@code llm} handler's {@code slack_update_every_tokens}); a handler that has
     * no such setting publishes nothing to it. The default: a live stream, to be published to freely.
     */
    default boolean editsMessages() {
        return false;
    }
}
