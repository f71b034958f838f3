package io.botgrid.grpc.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds the string field of a serialised message whose bytes are not UTF-8, so that a refusal can name it:
 * protobuf-java refuses such a proto3 string while parsing with only "Protocol message had invalid UTF-8". It reads
 * the wire format against the message's descriptor, descending into message fields, and is run only after a parse
 * failed, so it costs nothing on well-formed requests.
 */
final class InvalidUtf8Fields {
    /** Protobuf's own default nesting limit. */
    private static final int MAX_DEPTH = 100;

    private InvalidUtf8Fields() {
    }

    /**
     * The path of the first string field holding bytes that are not UTF-8, e.g. {@code actor_key} or
     * {@code message.text}; empty when there is none or the bytes are not readable as far as that.
     */
    static Optional<String> find(Descriptor type, byte[] bytes) {
        try {
            return find(type, CodedInputStream.newInstance(bytes), "", 0);
        } catch (IOException e) {
            return Optional.empty(); // malformed before any bad string: the parse error says what is wrong
        }
    }

    private static Optional<String> find(Descriptor type, CodedInputStream in, String prefix, int depth)
            throws IOException {
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return Optional.empty();
            }
            FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            if (field != null && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
                    if (!in.readBytes().isValidUtf8()) {
                        return Optional.of(prefix + field.getName());
                    }
                    continue;
                }
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth < MAX_DEPTH) {
                    Optional<String> inner = find(field.getMessageType(), in.readBytes().newCodedInput(),
                            prefix + field.getName() + ".", depth + 1);
                    if (inner.isPresent()) {
                        return inner;
                    }
                    continue;
                }
            }
            if (!in.skipField(tag)) {
                return Optional.empty(); // end of a group
            }
        }
    }
}
