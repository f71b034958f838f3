package io.botgrid.grpc.internal;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;

/**
 * The retry information of a RESOURCE_EXHAUSTED answer, in the two forms clients read: gRPC's standard
 * {@code google.rpc.RetryInfo} detail (in {@code grpc-status-details-bin}, which the SDKs of most languages decode),
 * and a plain {@code retry-after-ms} trailer for a client that reads only metadata (grpcurl shows it).
 */
final class RetryTrailers {
    /** Trailer with the milliseconds to wait before a retry can succeed. */
    static final Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("retry-after-ms",
            Metadata.ASCII_STRING_MARSHALLER);

    private RetryTrailers() {
    }

    /** Trailers telling the caller to retry after {@code wait}, for a call closed with {@code status}. */
    static Metadata of(Status status, Duration wait) {
        long millis = Math.max(1, wait.toMillis());
        com.google.rpc.Status detail = com.google.rpc.Status.newBuilder()
                .setCode(status.getCode().value())
                .setMessage(status.getDescription() == null ? "" : status.getDescription())
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000)).build()))
                .build();
        Metadata trailers = StatusProto.toStatusRuntimeException(detail).getTrailers();
        Metadata out = new Metadata();
        if (trailers != null) {
            out.merge(trailers);
        }
        out.put(RETRY_AFTER_MS, Long.toString(millis));
        return out;
    }
}
