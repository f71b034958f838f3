package io.botgrid.audit.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.botgrid.audit.AuditEntry;
import java.time.Instant;

/** {@link AuditEntry} to and from its stored form, the Protobuf {@code botgrid.v1.AuditEntry}. */
final class EntryCodec {
    private EntryCodec() {
    }

    static io.botgrid.proto.v1.AuditEntry toProto(AuditEntry e) {
        return io.botgrid.proto.v1.AuditEntry.newBuilder()
                .setId(e.id())
                .setAt(Timestamp.newBuilder().setSeconds(e.at().getEpochSecond()).setNanos(e.at().getNano()))
                .setActor(e.actor())
                .setRole(e.role())
                .setAction(e.action())
                .setTarget(e.target())
                .setRemoteAddress(e.remoteAddress())
                .setResult(e.result())
                .setMessage(e.message())
                .setNode(e.node())
                .build();
    }

    static AuditEntry fromProto(io.botgrid.proto.v1.AuditEntry p) {
        return new AuditEntry(p.getId(), Instant.ofEpochSecond(p.getAt().getSeconds(), p.getAt().getNanos()),
                p.getActor(), p.getRole(), p.getAction(), p.getTarget(), p.getRemoteAddress(), p.getResult(),
                p.getMessage(), p.getNode());
    }

    static io.botgrid.proto.v1.AuditEntry parse(byte[] bytes) {
        try {
            return io.botgrid.proto.v1.AuditEntry.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an audit entry in " + AuditStore.CACHE + " does not parse: "
                    + e.getMessage(), e);
        }
    }
}
