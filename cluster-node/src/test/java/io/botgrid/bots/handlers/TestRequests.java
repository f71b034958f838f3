package io.botgrid.bots.handlers;

import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.IncomingText;
import io.botgrid.bots.SessionView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Handler requests for registry tests. */
final class TestRequests {
    private TestRequests() {
    }

    static HandlerRequest request(String text) {
        return new HandlerRequest("bot-1", new SessionView("grpc", "", "c1", "u1", "", Map.of(), List.of()),
                new IncomingText("m-1", "u1", text, Instant.parse("2026-01-01T00:00:00Z")));
    }
}
