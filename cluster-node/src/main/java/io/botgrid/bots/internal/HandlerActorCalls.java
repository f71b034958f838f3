package io.botgrid.bots.internal;

import com.google.protobuf.ByteString;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.CommandRejectedException;
import io.botgrid.actor.InvalidActorIdException;
import io.botgrid.bots.ActorCallException;
import io.botgrid.bots.ActorCalls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link ActorCalls} of one handling of one message: each call gets an idempotency key made of the session, the
 * message and the call's number in this handling, so a handler run again for the same message (after a failover)
 * applies nothing twice.
 *
 * <p>Why the key is a hash: bot ids, session keys and message ids are each up to hundreds of characters, the key may
 * have at most 200; a SHA-256 of the parts, separated so that no two tuples meet, is short and collision-free in
 * practice.
 */
final class HandlerActorCalls implements ActorCalls {
    private final ActorClient actors;
    private final String sessionKey;
    private final String messageId;
    private final Duration timeout;
    private final AtomicInteger calls = new AtomicInteger();

    HandlerActorCalls(ActorClient actors, String sessionKey, String messageId, Duration timeout) {
        this.actors = Objects.requireNonNull(actors, "actors");
        this.sessionKey = Objects.requireNonNull(sessionKey, "sessionKey");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public CompletionStage<byte[]> ask(String type, String key, byte[] command) {
        int n = calls.incrementAndGet();
        if (BotIds.ACTOR_TYPE.equals(type) || SessionKey.ACTOR_TYPE.equals(type)) {
            return CompletableFuture.failedFuture(new ActorCallException("NOT_ALLOWED", "a handler may not call the '"
                    + type + "' actors: the session waits for the handler and would never answer"));
        }
        if (command == null) {
            return CompletableFuture.failedFuture(new ActorCallException("MALFORMED_COMMAND", "command is null"));
        }
        ActorId id;
        try {
            id = ActorId.of(type, key);
        } catch (InvalidActorIdException e) {
            return CompletableFuture.failedFuture(new ActorCallException(e.code().name(), e.getMessage()));
        }
        CallOptions options = new CallOptions(timeout, idempotencyKey(n));
        return actors.askBytes(id, ByteString.copyFrom(command), options)
                .handle((reply, error) -> {
                    if (error == null) {
                        return reply.toByteArray();
                    }
                    throw new CompletionException(translate(error));
                });
    }

    /** The n-th call's key: stable across runs of the handler for the same message of the same session. */
    String idempotencyKey(int n) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {sessionKey, messageId, Integer.toString(n)}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(bytes);
            }
            return "handler:" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ActorCallException translate(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CommandRejectedException rejected && rejected.reason() != null) {
            return new ActorCallException(rejected.code().name(), rejected.reason());
        }
        if (cause instanceof ActorException actor) {
            return new ActorCallException(actor.code().name(), actor.getMessage());
        }
        return new ActorCallException("UNAVAILABLE", String.valueOf(cause.getMessage()));
    }
}
