package io.botgrid.client;

import java.time.Instant;

/**
 * One entry of the audit log: a management action or a call refused for its token or role.
 *
 * @param id unique, time-ordered id
 * @param at when the call ended (the answering node's clock)
 * @param actor who: {@code api-key:<name>}, {@code jwt:<subject>}, {@code anonymous} or {@code unauthenticated}
 * @param role the caller's role ({@code admin}, {@code operator}, {@code client}); empty when not authenticated
 * @param action {@code <Service>/<Method>}, e.g. {@code BotService/CreateBot}
 * @param target what it acted on (bot id, {@code <bot>/<channel>}, node id, spec id, region); may be empty
 * @param remoteAddress the caller's IP address as the node saw it
 * @param result {@code OK} or the gRPC status code name
 * @param message why it failed (at most 200 characters); empty on success
 * @param node the node that served the call
 */
public record AuditEntry(String id, Instant at, String actor, String role, String action, String target,
                         String remoteAddress, String result, String message, String node) {
    /** Whether the action succeeded. */
    public boolean ok() {
        return "OK".equals(result);
    }
}
