package io.botgrid.client.internal;

import com.google.protobuf.ByteString;
import io.botgrid.client.PluginVersion;
import io.botgrid.client.Plugins;
import io.botgrid.proto.v1.ListPluginsRequest;
import io.botgrid.proto.v1.PluginServiceGrpc;
import io.botgrid.proto.v1.RemovePluginRequest;
import io.botgrid.proto.v1.UploadPluginRequest;
import io.grpc.Deadline;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** {@link Plugins} over {@code botgrid.v1.PluginService}. */
public final class GrpcPlugins implements Plugins {
    private final Unary unary;
    private final Duration timeout;
    private final Executor executor;

    public GrpcPlugins(Unary unary, Duration timeout, Executor executor) {
        this.unary = unary;
        this.timeout = timeout;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<PluginVersion> upload(String name, String version, byte[] jar) {
        UploadPluginRequest request = UploadPluginRequest.newBuilder().setName(name).setVersion(version)
                .setJar(ByteString.copyFrom(jar)).setSha256(sha256(jar)).build();
        return unary.call(PluginServiceGrpc.getUploadPluginMethod(), request, deadline())
                .thenApplyAsync(GrpcPlugins::view, executor);
    }

    @Override
    public CompletableFuture<List<PluginVersion>> list(String nameOrEmpty) {
        return unary.call(PluginServiceGrpc.getListPluginsMethod(), ListPluginsRequest.newBuilder()
                        .setName(nameOrEmpty == null ? "" : nameOrEmpty).build(), deadline())
                .thenApplyAsync(r -> r.getVersionsList().stream().map(GrpcPlugins::view).toList(), executor);
    }

    @Override
    public CompletableFuture<Void> remove(String name, String version) {
        return unary.call(PluginServiceGrpc.getRemovePluginMethod(), RemovePluginRequest.newBuilder()
                        .setName(name).setVersion(version).build(), deadline())
                .thenApplyAsync(r -> null, executor);
    }

    private Deadline deadline() {
        return Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static PluginVersion view(io.botgrid.proto.v1.PluginVersion p) {
        return new PluginVersion(p.getName(), p.getVersion(), p.getSha256(), p.getSizeBytes(),
                Instant.ofEpochSecond(p.getUploadedAt().getSeconds(), p.getUploadedAt().getNanos()),
                p.getUploadedBy(), p.getHandlerClass(), p.getState().name().replace("PLUGIN_STATE_", ""),
                p.getFailure(), p.getLatest());
    }
}
