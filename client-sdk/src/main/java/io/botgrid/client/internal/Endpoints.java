package io.botgrid.client.internal;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.Channel;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One channel per configured endpoint, and which one is in use. A call that finds its node unavailable moves the
 * client to the next endpoint, so the client follows the cluster when the node it talks to dies.
 */
public final class Endpoints implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<Channel> intercepted = new ArrayList<>();
    private final List<String> targets;
    private final AtomicInteger current = new AtomicInteger();

    /**
     * @param openTelemetry the caller's; unless it is the no-op one, every call gets a client span from
     *                      OpenTelemetry's gRPC instrumentation, which sends the W3C {@code traceparent} with it
     */
    public Endpoints(List<String> targets, String token, Path trustCertificate, Executor executor,
                     OpenTelemetry openTelemetry) {
        this.targets = List.copyOf(targets);
        ChannelCredentials credentials;
        try {
            credentials = trustCertificate == null ? InsecureChannelCredentials.create()
                    : TlsChannelCredentials.newBuilder().trustManager(trustCertificate.toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trust certificate " + trustCertificate, e);
        }
        ClientInterceptor auth = null;
        if (token != null) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + token);
            auth = MetadataUtils.newAttachHeadersInterceptor(headers);
        }
        List<ClientInterceptor> interceptors = new ArrayList<>(2);
        if (auth != null) {
            interceptors.add(auth);
        }
        if (openTelemetry.getTracerProvider() != TracerProvider.noop()) {
            interceptors.add(GrpcTelemetry.create(openTelemetry).createClientInterceptor()); // last: runs first
        }
        for (String target : this.targets) {
            ManagedChannel channel = Grpc.newChannelBuilder(target, credentials).executor(executor).build();
            channels.add(channel);
            intercepted.add(ClientInterceptors.intercept(channel, interceptors));
        }
    }

    /** Index of the endpoint in use. */
    public int currentIndex() {
        return current.get();
    }

    public Channel channel(int index) {
        return intercepted.get(index);
    }

    public String target(int index) {
        return targets.get(index);
    }

    /** Moves on from {@code failed} to the next endpoint (unless another call already did). */
    public int failover(int failed) {
        int next = (failed + 1) % channels.size();
        current.compareAndSet(failed, next);
        return current.get();
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdown);
        for (ManagedChannel c : channels) {
            try {
                if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                    c.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.shutdownNow();
            }
        }
    }
}
