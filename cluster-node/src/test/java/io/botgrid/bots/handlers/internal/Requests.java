package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.IncomingText;
import io.botgrid.bots.SessionView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds handler requests for tests. */
final class Requests {
    static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    private Requests() {
    }

    static HandlerRequest request(String text) {
        return request(text, "", Map.of());
    }

    static HandlerRequest request(String text, String state, Map<String, String> variables) {
        SessionView session = new SessionView("slack", "T1", "C1:U1", "U1", state, variables, List.of());
        return new HandlerRequest("bot-1", session, new IncomingText("m-1", "alice", text, AT));
    }

    /** Waits (bounded) for a handler's answer. */
    static HandlerResult answer(ConfiguredHandler handler, HandlerRequest request) throws Exception {
        return handler.onMessage(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
