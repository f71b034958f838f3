package io.botgrid.client;

import java.util.concurrent.CompletableFuture;

/**
 * Talks to bots as an application does (the conversation service, role {@code client}): one message at a time with
 * {@link #send}, or a live {@link Conversation} with {@link #open}; and reads sessions and their history. Futures
 * complete on the client's executor and fail with {@link BotgridException}; each {@code …Blocking} method waits and
 * throws it.
 */
public interface Conversations {

    /**
     * Sends one message and returns the bot's replies to it. The SDK gives the message an id, and its retries reuse
     * it, so the bot handles the message once.
     */
    CompletableFuture<SentMessage> send(ConversationRef conversation, String text);

    /**
     * As {@link #send(ConversationRef, String)} with your own message id: sending the same id again returns the
     * replies given the first time ({@link SentMessage#duplicate()}), and the bot does not handle it again.
     */
    CompletableFuture<SentMessage> send(ConversationRef conversation, String text, String messageId);

    /** A session's turns, oldest first. */
    CompletableFuture<Page<HistoryTurn>> history(SessionRef session, PageRequest page);

    /** A bot's sessions. */
    CompletableFuture<Page<SessionSummary>> sessions(String botId, PageRequest page);

    /**
     * Opens a live conversation. Replies with a seq greater than {@code resumeAfterSeq} are delivered to the
     * listener (0: every reply of the session so far, then new ones). Errors, including a bot that does not exist,
     * reach {@link ConversationListener#onError} and {@link Conversation#closed()}.
     */
    Conversation open(ConversationRef conversation, long resumeAfterSeq, ConversationListener listener);

    default SentMessage sendBlocking(ConversationRef conversation, String text) {
        return Blocking.join(send(conversation, text));
    }

    default SentMessage sendBlocking(ConversationRef conversation, String text, String messageId) {
        return Blocking.join(send(conversation, text, messageId));
    }

    default Page<HistoryTurn> historyBlocking(SessionRef session, PageRequest page) {
        return Blocking.join(history(session, page));
    }

    default Page<SessionSummary> sessionsBlocking(String botId, PageRequest page) {
        return Blocking.join(sessions(botId, page));
    }
}
