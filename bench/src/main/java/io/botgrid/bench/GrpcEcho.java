package io.botgrid.bench;

import com.google.protobuf.BytesValue;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W3's reference: a bare grpc-java unary echo ({@link EchoServerMain} in a child JVM) driven from this JVM with the
 * same closed loop, concurrency, key draw, phases and payloads ({@code --event-bytes} each way) as W3, so the ratio
 * of W3 to it is what the Botgrid front and actors add to plain gRPC.
 */
final class GrpcEcho {
    private GrpcEcho() {
    }

    /** Starts the echo server, measures it under {@code name} and stops it before returning. */
    static ClosedLoop.Result run(BenchContext context, String name) {
        BenchOptions o = context.options();
        ChildNode server = ChildNode.launch("echo", context.root().resolve("echo.log"), o.nodeHeap(),
                EchoServerMain.class.getName(), List.of());
        ExecutorService channelExecutor = Executors.newFixedThreadPool(o.grpcClientThreads(),
                daemon("bench-echo-client"));
        ManagedChannel channel = null;
        try {
            context.register(server);
            server.awaitReady(Duration.ofMinutes(1));
            String target = "127.0.0.1:" + server.grpcPort();
            Figures.progress(name + ": echo server on " + target);
            channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                    .executor(channelExecutor).build();
            ManagedChannel ch = channel;
            BytesValue[] requests = BenchTypes.payloads(o.eventBytes());
            int mask = requests.length - 1;
            try (ClosedLoop loop = new ClosedLoop("echo", o.concurrency())) {
                return MeasuredPhase.run(name, loop, (key, executor, done) -> {
                    BytesValue request = requests[key & mask];
                    ClientCalls.asyncUnaryCall(ch.newCall(EchoServerMain.METHOD, CallOptions.DEFAULT
                                    .withDeadlineAfter(GrpcFrontWorkload.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)),
                            request, new StreamObserver<>() {
                                private BytesValue reply;

                                @Override
                                public void onNext(BytesValue value) {
                                    reply = value;
                                }

                                @Override
                                public void onError(Throwable t) {
                                    executor.execute(() -> done.accept(t));
                                }

                                @Override
                                public void onCompleted() {
                                    Throwable error = reply != null && reply.getValue().size() == request.getValue()
                                            .size() ? null : new IllegalStateException("echo of another size");
                                    executor.execute(() -> done.accept(error));
                                }
                            });
                }, o, Probe.ofClient(List.of(server), List.of("server")));
            }
        } finally {
            Figures.progress("stopping the echo server");
            if (channel != null) {
                channel.shutdownNow();
                try {
                    channel.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            channelExecutor.shutdownNow();
            try {
                server.close();
            } catch (RuntimeException e) {
                server.kill();
            }
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
