package io.botgrid.client;

import java.time.Instant;

/** A session of a bot, as listed: who talked last, when, and where the conversation stands. */
public record SessionSummary(SessionRef session, String userId, Instant lastActivity, String state) {
}
