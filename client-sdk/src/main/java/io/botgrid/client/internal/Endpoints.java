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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One channel per configured endpoint, grouped by region, and which one is in use for the calls of each home region.
 * A call that finds its node unavailable moves the calls of its home region to the next endpoint of its route: the
 * home region's endpoints first, then the other regions' (the preferred one first). So the client follows a cluster
 * when the node it talks to dies, and another region when the whole home region does not answer; the call itself is
 * re-sent unchanged, idempotency key included. A client built with plain endpoints has one region, {@code ""}.
 */
public final class Endpoints implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** Prefix of a route that stays in one region: {@code "=eu"}. */
    public static final String ONLY = "=";

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<Channel> intercepted = new ArrayList<>();
    private final List<String> targets;
    private final List<String> regionOfTarget;
    private final String preferred;
    /** Per home region: the channel indexes in failover order, and the position in use. */
    private final Map<String, int[]> routes = new HashMap<>();
    private final Map<String, AtomicInteger> positions = new HashMap<>();
    /** Channels to nodes learnt from the partition map, by {@code host:port}; made on first use, closed with these. */
    private final Map<String, ManagedChannel> learnt = new ConcurrentHashMap<>();
    private final Map<String, Channel> learntIntercepted = new ConcurrentHashMap<>();
    private final ChannelCredentials credentials;
    private final List<ClientInterceptor> interceptors;
    private final Executor executor;
    private volatile boolean closed;

    /**
     * @param openTelemetry the caller's; unless it is the no-op one, every call gets a client span from
     *                      OpenTelemetry's gRPC instrumentation, which sends the W3C {@code traceparent} with it
     */
    /**
     * @param regions each region's endpoints, in the order given (a {@link LinkedHashMap} keeps it)
     * @param preferred the region of calls whose home is not known, and the first to fail over to
     */
    public Endpoints(Map<String, List<String>> regions, String preferred, String token, Path trustCertificate,
                     Executor executor, OpenTelemetry openTelemetry) {
        List<String> all = new ArrayList<>();
        List<String> regionOf = new ArrayList<>();
        regions.forEach((region, list) -> list.forEach(t -> {
            all.add(t);
            regionOf.add(region);
        }));
        this.targets = List.copyOf(all);
        this.regionOfTarget = List.copyOf(regionOf);
        this.preferred = preferred;
        List<String> order = new ArrayList<>();
        order.add(preferred);
        regions.keySet().stream().filter(r -> !r.equals(preferred)).forEach(order::add);
        for (String home : regions.keySet()) {
            List<Integer> route = new ArrayList<>();
            List<String> regionOrder = new ArrayList<>();
            regionOrder.add(home);
            order.stream().filter(r -> !r.equals(home)).forEach(regionOrder::add);
            for (String r : regionOrder) {
                for (int i = 0; i < targets.size(); i++) {
                    if (regionOfTarget.get(i).equals(r)) {
                        route.add(i);
                    }
                }
            }
            routes.put(home, route.stream().mapToInt(Integer::intValue).toArray());
            positions.put(home, new AtomicInteger());
            // "=<region>": that region's endpoints only, for calls that must not be answered by another region
            List<Integer> only = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                if (regionOfTarget.get(i).equals(home)) {
                    only.add(i);
                }
            }
            routes.put(ONLY + home, only.stream().mapToInt(Integer::intValue).toArray());
            positions.put(ONLY + home, new AtomicInteger());
        }
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
        List<ClientInterceptor> chain = new ArrayList<>(2);
        if (auth != null) {
            chain.add(auth);
        }
        if (openTelemetry.getTracerProvider() != TracerProvider.noop()) {
            chain.add(GrpcTelemetry.create(openTelemetry).createClientInterceptor()); // last: runs first
        }
        this.interceptors = List.copyOf(chain);
        this.executor = executor;
        for (String target : this.targets) {
            ManagedChannel channel = Grpc.newChannelBuilder(target, credentials).executor(executor).build();
            channels.add(channel);
            intercepted.add(ClientInterceptors.intercept(channel, interceptors));
        }
    }

    /** Index of the endpoint in use for calls of the preferred region. */
    public int currentIndex() {
        return currentIndex(preferred);
    }

    /** Index of the endpoint in use for calls whose home is {@code region} (the preferred one if unknown). */
    public int currentIndex(String region) {
        String home = routes.containsKey(region) ? region : preferred;
        int[] route = routes.get(home);
        return route[Math.floorMod(positions.get(home).get(), route.length)];
    }

    /** The preferred region ({@code ""} for a client of one cluster). */
    public String preferred() {
        return preferred;
    }

    /** Whether the client knows this region. */
    public boolean knows(String region) {
        return routes.containsKey(region);
    }

    /** The region of the endpoint at {@code index}. */
    public String regionOf(int index) {
        return regionOfTarget.get(index);
    }

    public Channel channel(int index) {
        return intercepted.get(index);
    }

    public String target(int index) {
        return targets.get(index);
    }

    /**
     * A channel to the node at {@code target} ({@code host:port}, as a node advertises its gRPC front), with the same
     * credentials, token and tracing as the configured endpoints: the configured endpoint's own channel when it is
     * one of them, else one made on first use and kept until {@link #close()}.
     */
    public Channel channelFor(String target) {
        int configured = targets.indexOf(target);
        if (configured >= 0) {
            return intercepted.get(configured);
        }
        Channel known = learntIntercepted.get(target);
        if (known != null || closed) {
            return known;
        }
        synchronized (learnt) {
            known = learntIntercepted.get(target);
            if (known == null && !closed) {
                ManagedChannel channel = Grpc.newChannelBuilder(target, credentials).executor(executor).build();
                learnt.put(target, channel);
                known = ClientInterceptors.intercept(channel, interceptors);
                learntIntercepted.put(target, known);
            }
            return known;
        }
    }

    /** Moves the preferred region's calls on from {@code failed} to the next endpoint. */
    public int failover(int failed) {
        return failover(preferred, failed);
    }

    /**
     * Moves the calls of home {@code region} on from {@code failed} to the next endpoint of their route (unless
     * another call already did).
     */
    public int failover(String region, int failed) {
        String home = routes.containsKey(region) ? region : preferred;
        AtomicInteger position = positions.get(home);
        int[] route = routes.get(home);
        int at = position.get();
        if (route[Math.floorMod(at, route.length)] == failed) {
            position.compareAndSet(at, at + 1);
        }
        return currentIndex(home);
    }

    @Override
    public void close() {
        List<ManagedChannel> all = new ArrayList<>(channels);
        synchronized (learnt) {
            closed = true;
            all.addAll(learnt.values());
        }
        all.forEach(ManagedChannel::shutdown);
        for (ManagedChannel c : all) {
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
