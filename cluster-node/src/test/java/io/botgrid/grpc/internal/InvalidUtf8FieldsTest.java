package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.botgrid.proto.v1.CallActorRequest;
import io.botgrid.proto.v1.ConverseMessage;
import io.botgrid.proto.v1.ConverseRequest;
import org.junit.jupiter.api.Test;

class InvalidUtf8FieldsTest {
    private static final ByteString BAD = ByteString.copyFrom(new byte[] {(byte) 0xC3, 0x28});

    /** A message whose string field {@code number} holds {@code bytes}: a bytes field with the same number. */
    private static byte[] withString(byte[] message, int number, ByteString bytes) {
        return ByteString.copyFrom(message).concat(tagged(number, bytes)).toByteArray();
    }

    private static ByteString tagged(int number, ByteString bytes) {
        return ByteString.copyFrom(new byte[] {(byte) (number << 3 | 2), (byte) bytes.size()}).concat(bytes);
    }

    @Test
    void namesTopLevelAndNestedFields() {
        byte[] call = withString(CallActorRequest.newBuilder().setActorType("ledger").build().toByteArray(), 2, BAD);
        assertThat(InvalidUtf8Fields.find(CallActorRequest.getDescriptor(), call)).contains("actor_key");

        byte[] converse = tagged(2, tagged(1, BAD)).toByteArray(); // message { text: <bad> }
        assertThat(InvalidUtf8Fields.find(ConverseRequest.getDescriptor(), converse)).contains("message.text");
    }

    @Test
    void findsNothingInWellFormedOrUnreadableBytes() {
        byte[] good = ConverseRequest.newBuilder().setMessage(ConverseMessage.newBuilder().setText("héllo 👋"))
                .build().toByteArray();
        assertThat(InvalidUtf8Fields.find(ConverseRequest.getDescriptor(), good)).isEmpty();
        assertThat(InvalidUtf8Fields.find(ConverseRequest.getDescriptor(), new byte[] {(byte) 0xff, (byte) 0xff}))
                .isEmpty();
    }
}
