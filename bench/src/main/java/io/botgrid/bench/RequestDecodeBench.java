package io.botgrid.bench;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.CallActorRequest;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.internal.ReadableBuffers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: decoding one {@code ActorService.Call} request on a node's gRPC front, from the stream grpc-java hands over (a
 * {@link KnownLength} stream over the received buffer) to the parsed {@link CallActorRequest}, the way the front's
 * {@code StrictRequests} does it now ({@code exact}: the bytes copied once at their known length, parsed from the
 * array by the message's parser) against the way it did before ({@code readAll}: {@code readAllBytes}, then the
 * method's marshaller on a {@code ByteArrayInputStream}, which allocated an 8 KiB and a 4 KiB buffer per call). The
 * two paths are written out here as the front's class is internal; run with
 * {@code bench/run.sh jmh RequestDecodeBench -prof gc} to see the allocation per call too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestDecodeBench {
    @Param({"exact", "readAll"})
    public String path;

    /** W0's request (an {@code Int64Value} command) or W1's (a 100-byte {@code BytesValue}-sized command). */
    @Param({"w0", "w1"})
    public String request;

    private byte[] wire;
    private final MethodDescriptor<CallActorRequest, ?> method = ActorServiceGrpc.getCallMethod();

    @Setup
    public void setUp() {
        Any command = request.equals("w0") ? Any.pack(Int64Value.of(4711))
                : Any.newBuilder().setTypeUrl("type.googleapis.com/google.protobuf.BytesValue")
                .setValue(ByteString.copyFrom(new byte[102])).build();
        wire = CallActorRequest.newBuilder().setActorType(request).setActorKey("k4711").setCommand(command)
                .setIdempotencyKey("0b7c8a52-52f4-4a0e-9d7e-1f7b6f0c2d11:" + Long.toString(123456789L, 36))
                .build().toByteArray();
    }

    @Benchmark
    public CallActorRequest decode() throws IOException {
        InputStream stream = ReadableBuffers.openStream(ReadableBuffers.wrap(wire), true);
        if (path.equals("exact")) {
            int size = stream.available();
            byte[] bytes = new byte[size];
            stream.readNBytes(bytes, 0, size);
            return CallActorRequest.parser().parseFrom(bytes);
        }
        byte[] bytes = stream.readAllBytes();
        return method.parseRequest(new ByteArrayInputStream(bytes));
    }
}
