package io.botgrid.bench;

import com.google.protobuf.BytesValue;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * W3's reference point: a bare grpc-java unary echo server in a JVM of its own. One method,
 * {@value #SERVICE}/{@value #METHOD_NAME}, defined without code generation: a {@link BytesValue} in, the same
 * {@link BytesValue} out. The server is built like a Botgrid node's gRPC front: Netty transport on 127.0.0.1, port
 * chosen by the system, {@code directExecutor()} (handlers on the transport threads), Netty's default event loops,
 * plaintext, no interceptors. It prints {@value BenchNodeMain#READY} {@code echo grpcPort=<port>} once listening and
 * stops when its standard input ends (the driver closed it, or died) or on SIGTERM.
 */
public final class EchoServerMain {
    static final String SERVICE = "botgrid.bench.Echo";
    static final String METHOD_NAME = "Echo";

    /** The echo method, with Protobuf marshallers of a well-known type (no generated stubs needed). */
    static final MethodDescriptor<BytesValue, BytesValue> METHOD = MethodDescriptor.<BytesValue, BytesValue>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, METHOD_NAME))
            .setRequestMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
            .setSampledToLocalTracing(false)
            .build();

    private EchoServerMain() {
    }

    public static void main(String[] args) {
        int code = 0;
        Server server = null;
        try {
            ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                    .addMethod(METHOD, ServerCalls.asyncUnaryCall((request, responses) -> {
                        responses.onNext(request);
                        responses.onCompleted();
                    }))
                    .build();
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                            InsecureServerCredentials.create())
                    .directExecutor()
                    .addService(service)
                    .build()
                    .start();
            Server started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdownNow, "bench-echo-stop"));
            BenchNodeMain.serveUntilEndOfInput("echo", server.getPort());
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        } finally {
            if (server != null) {
                server.shutdown();
                try {
                    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                        server.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    server.shutdownNow();
                }
            }
        }
        System.exit(code);
    }
}
