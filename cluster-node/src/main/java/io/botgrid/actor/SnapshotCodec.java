package io.botgrid.actor;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/**
 * Turns an actor's state into snapshot bytes and back. Snapshots let an actor with a long journal activate by
 * reading the snapshot and the few events after it instead of the whole journal.
 *
 * @param <S> the state type
 */
public interface SnapshotCodec<S> {

    ByteString encode(S state);

    S decode(ByteString bytes) throws InvalidProtocolBufferException;

    /** The codec for a state that is itself a Protobuf message. */
    static <S extends Message> SnapshotCodec<S> protobuf(Parser<S> parser) {
        return new SnapshotCodec<>() {
            @Override
            public ByteString encode(S state) {
                return state.toByteString();
            }

            @Override
            public S decode(ByteString bytes) throws InvalidProtocolBufferException {
                return parser.parseFrom(bytes);
            }
        };
    }
}
