package io.botgrid.audit.internal;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Reads the stored bytes of an entry, {@code botgrid.v1.AuditEntry}, with an error that names the cache; the
 * translation to and from {@link io.botgrid.audit.AuditEntry} is the record's own, shared with the gRPC front.
 */
final class EntryCodec {
    private EntryCodec() {
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
