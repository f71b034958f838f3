package io.botgrid.client;

import com.google.protobuf.Message;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Actor calls through the cluster. Every call carries an idempotency key, so the SDK's retries after a lost reply
 * take effect once. Futures complete on the client's own executor; chain further work with an executor of yours.
 */
public interface Actors {

    /**
     * Sends {@code command} to the actor {@code type/key} and returns its reply.
     *
     * @param replyType the actor type's reply message class
     * @return completes with the reply, or exceptionally with a {@link BotgridException}
     */
    <R extends Message> CompletableFuture<R> call(String type, String key, Message command, Class<R> replyType,
                                                  CallSettings settings);

    default <R extends Message> CompletableFuture<R> call(String type, String key, Message command,
                                                          Class<R> replyType) {
        return call(type, key, command, replyType, CallSettings.DEFAULT);
    }

    /**
     * Raw access: the reply as the packed Protobuf {@code Any} the server sent, for tools that do not know the reply
     * type in advance.
     */
    CompletableFuture<com.google.protobuf.Any> callRaw(String type, String key, Message command,
                                                       CallSettings settings);

    /** Blocking form of {@link #call}; throws {@link BotgridException}. */
    default <R extends Message> R callBlocking(String type, String key, Message command, Class<R> replyType,
                                               CallSettings settings) {
        try {
            return call(type, key, command, replyType, settings).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof BotgridException b) {
                throw b;
            }
            throw e;
        }
    }

    default <R extends Message> R callBlocking(String type, String key, Message command, Class<R> replyType) {
        return callBlocking(type, key, command, replyType, CallSettings.DEFAULT);
    }

    /**
     * Follows the actor's events from {@code fromSeq} on: existing ones first, then new ones as they are persisted.
     * If the node serving the stream dies, the stream resumes on another node from the last event delivered, so no
     * event is lost or repeated. {@code onError} is called once if the stream ends for another reason.
     */
    <E extends Message> Subscription follow(String type, String key, long fromSeq, Class<E> eventType,
                                            Consumer<ActorEvent<E>> onEvent, Consumer<BotgridException> onError);
}
