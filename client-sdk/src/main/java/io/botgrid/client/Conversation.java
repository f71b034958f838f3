package io.botgrid.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A live conversation with a bot over one bidirectional stream: messages go out as you send them, replies come to
 * the {@link ConversationListener} as the bot produces them, including replies caused by other clients in the same
 * session.
 *
 * <p>Why a handle rather than calls: a conversation outlives the node it started on. When that node becomes
 * unavailable, the handle reconnects through another endpoint, reopens after the last reply it delivered, and
 * sends again the messages whose replies it has not seen (with their ids, so the bot handles each once). No reply is
 * lost or delivered twice. Thread-safe.
 */
public interface Conversation extends AutoCloseable {

    /**
     * Sends a message with an id made by the SDK.
     *
     * @return the message id
     * @throws IllegalStateException after {@link #close()} or after the conversation failed
     */
    String send(String text);

    /** Sends a message with your own id (at most 200 characters); sending an id again is harmless. */
    String send(String text, String messageId);

    /** The session this conversation talks in. */
    SessionRef session();

    /** The seq of the last reply delivered to the listener (the resume point), or the resume point given to open. */
    long lastSeq();

    /** Completes when the stream is first established and caught up, with the seq caught up to. */
    CompletableFuture<Long> ready();

    /** Completes when the conversation has ended: normally after {@link #close()}, exceptionally on failure. */
    CompletableFuture<Void> closed();

    /**
     * Ends the conversation gracefully: no more messages are sent, the server delivers the replies to those sent,
     * then ends the stream. Returns at once; see {@link #closed()}.
     */
    @Override
    void close();

    /** {@link #close()}, waiting up to {@code timeout} for the last replies; then cancels the stream. */
    default boolean close(Duration timeout) {
        close();
        try {
            closed().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            cancel();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            return false;
        }
    }

    /** Ends the conversation at once; replies not yet delivered stay in the session for a later resume. */
    void cancel();
}
