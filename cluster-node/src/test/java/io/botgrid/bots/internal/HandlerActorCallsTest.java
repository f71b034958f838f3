package io.botgrid.bots.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The idempotency keys of a handler's actor calls: the same for the n-th call of every run of a handler on the same
 * message of the same session (so a re-run applies nothing twice), different across calls, messages and sessions, and
 * within the 200 characters an idempotency key may have whatever the lengths of the parts.
 */
class HandlerActorCallsTest {
    /** Never called: the keys are computed without a cluster. */
    private static final ActorClient NO_CLIENT = new ActorClient() {
        @Override
        public <R extends Message> CompletableFuture<R> ask(ActorId id, Message command, CallOptions options) {
            throw new AssertionError("not called");
        }

        @Override
        public CompletableFuture<ByteString> askBytes(ActorId id, ByteString command, CallOptions options) {
            throw new AssertionError("not called");
        }
    };

    private static HandlerActorCalls calls(String session, String message) {
        return new HandlerActorCalls(NO_CLIENT, session, message, Duration.ofSeconds(5));
    }

    @Test
    void keysAreStablePerCallNumberAndDistinctOtherwise() {
        assertThat(calls("bot|t|c", "m1").idempotencyKey(1)).isEqualTo(calls("bot|t|c", "m1").idempotencyKey(1));
        Set<String> keys = new HashSet<>();
        for (String session : new String[] {"bot|t|c", "bot|t|c2", "bot|t|c|m"}) {
            for (String message : new String[] {"m1", "m2", "1|m"}) {
                for (int n = 1; n <= 3; n++) {
                    keys.add(calls(session, message).idempotencyKey(n));
                }
            }
        }
        assertThat(keys).hasSize(27);
    }

    @Test
    void keysFitTheLimitWhateverTheLengthOfTheParts() {
        String key = calls("s".repeat(2000), "m".repeat(2000)).idempotencyKey(Integer.MAX_VALUE);
        assertThat(key).hasSizeLessThanOrEqualTo(200);
        new CallOptions(Duration.ofSeconds(1), key); // accepted
    }
}
