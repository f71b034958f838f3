package io.botgrid.client;

/**
 * Receives what happens on a {@link Conversation}. Calls come one at a time, in order, on the client's threads;
 * keep them short (hand long work to your own executor), since the next reply waits for the previous call.
 */
@FunctionalInterface
public interface ConversationListener {

    /** A reply of the bot; each reply of the session after the resume point arrives once, in seq order. */
    void onReply(Reply reply);

    /**
     * The text of a reply to one of this conversation's messages while the bot still produces it (only handlers that
     * stream, such as {@code llm}, send these). Each has more text than the one before; the final text follows as
     * {@link #onReply}, after which no more partial replies of that message arrive. Ignored unless overridden.
     */
    default void onPartial(PartialReply partial) {
    }

    /**
     * The stream is (re)established and has caught up: every reply up to {@code lastSeq} has been delivered. Called
     * after the first open and after every reconnect.
     */
    default void onReady(SessionRef session, long lastSeq) {
    }

    /** The conversation ended for good with this error, after the SDK's reconnect attempts. */
    default void onError(BotgridException error) {
    }

    /** The conversation ended normally after {@link Conversation#close()}: every reply to its messages was delivered. */
    default void onClosed() {
    }
}
