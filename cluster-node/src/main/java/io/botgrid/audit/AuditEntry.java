package io.botgrid.audit;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Objects;

/**
 * One recorded management action or refused call. Values only, never a request body: a bot's channel secrets, a
 * bearer token or a worker's settings are never part of an entry.
 *
 * <p>Its Protobuf form {@code botgrid.v1.AuditEntry} is both what the log stores and what {@code ListAuditEntries}
 * answers, so the one translation lives here ({@link #toProto()}, {@link #fromProto}): the stored form and the wire
 * form cannot drift apart, and the gRPC front needs nothing of the log's internals to answer.
 *
 * @param id unique, time-ordered id (the key it is stored under); empty until the log has stored it
 * @param at when the call ended, by the recording node's clock
 * @param actor who: {@code api-key:<name>}, {@code jwt:<subject>}, {@code anonymous} (no token checks) or
 *     {@code unauthenticated} (token missing or refused)
 * @param role the caller's role label; empty when not authenticated
 * @param action {@code <Service>/<Method>}, e.g. {@code BotService/CreateBot}
 * @param target what the call acted on (bot id, node id, spec id, region); empty when unknown
 * @param remoteAddress the caller's IP address as the node saw it
 * @param result {@code OK} or the gRPC status code name
 * @param message the failure's description, at most {@value #MAX_MESSAGE_CHARS} characters; empty on success
 * @param node the node that served the call
 */
public record AuditEntry(String id, Instant at, String actor, String role, String action, String target,
                         String remoteAddress, String result, String message, String node) {
    /** Longest {@link #message()} kept. */
    public static final int MAX_MESSAGE_CHARS = 200;

    /** Replaces nulls by empty strings and cuts the message to {@value #MAX_MESSAGE_CHARS} characters. */
    public AuditEntry {
        id = id == null ? "" : id;
        Objects.requireNonNull(at, "at");
        actor = Objects.requireNonNull(actor, "actor");
        role = role == null ? "" : role;
        action = Objects.requireNonNull(action, "action");
        target = target == null ? "" : target;
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
        result = Objects.requireNonNull(result, "result");
        message = message == null ? "" : message.length() > MAX_MESSAGE_CHARS
                ? message.substring(0, MAX_MESSAGE_CHARS) : message;
        node = node == null ? "" : node;
    }

    /** This entry under the id the log gave it. */
    public AuditEntry withId(String value) {
        return new AuditEntry(value, at, actor, role, action, target, remoteAddress, result, message, node);
    }

    /** This entry as {@code botgrid.v1.AuditEntry}: its stored form and its form in a {@code ListAuditEntries} page. */
    public io.botgrid.proto.v1.AuditEntry toProto() {
        return io.botgrid.proto.v1.AuditEntry.newBuilder()
                .setId(id)
                .setAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                .setActor(actor)
                .setRole(role)
                .setAction(action)
                .setTarget(target)
                .setRemoteAddress(remoteAddress)
                .setResult(result)
                .setMessage(message)
                .setNode(node)
                .build();
    }

    /** The entry {@link #toProto()} made {@code p} from. */
    public static AuditEntry fromProto(io.botgrid.proto.v1.AuditEntry p) {
        return new AuditEntry(p.getId(), Instant.ofEpochSecond(p.getAt().getSeconds(), p.getAt().getNanos()),
                p.getActor(), p.getRole(), p.getAction(), p.getTarget(), p.getRemoteAddress(), p.getResult(),
                p.getMessage(), p.getNode());
    }
}
