package io.botgrid.grpc.internal;

import com.google.protobuf.Timestamp;
import io.botgrid.bots.plugins.PluginCatalog;
import io.botgrid.bots.plugins.PluginCatalogException;
import io.botgrid.bots.plugins.PluginInfo;
import io.botgrid.proto.v1.ListPluginsRequest;
import io.botgrid.proto.v1.ListPluginsResponse;
import io.botgrid.proto.v1.PluginServiceGrpc;
import io.botgrid.proto.v1.PluginState;
import io.botgrid.proto.v1.PluginVersion;
import io.botgrid.proto.v1.RemovePluginRequest;
import io.botgrid.proto.v1.RemovePluginResponse;
import io.botgrid.proto.v1.UploadPluginRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code botgrid.v1.PluginService}: handler plugins deployed to the cluster, through the node's {@link PluginCatalog}
 * port. Every call blocks on the replicated cache (and an upload on loading the jar here), so it runs on the front's
 * I/O executor. Refusals: INVALID_ARGUMENT, ALREADY_EXISTS and NOT_FOUND from the catalog; UNAVAILABLE until the node
 * is ready.
 */
final class PluginServiceImpl extends PluginServiceGrpc.PluginServiceImplBase {
    private final Supplier<PluginCatalog> catalog;
    private final Executor io;

    PluginServiceImpl(Supplier<PluginCatalog> catalog, Executor io) {
        this.catalog = catalog;
        this.io = io;
    }

    @Override
    public void uploadPlugin(UploadPluginRequest request, StreamObserver<PluginVersion> responses) {
        String uploader = uploader();
        run(responses, c -> view(c.upload(request.getName(), request.getVersion(), request.getJar().toByteArray(),
                request.getSha256(), uploader)));
    }

    @Override
    public void listPlugins(ListPluginsRequest request, StreamObserver<ListPluginsResponse> responses) {
        run(responses, c -> {
            ListPluginsResponse.Builder answer = ListPluginsResponse.newBuilder();
            c.list(request.getName()).forEach(p -> answer.addVersions(view(p)));
            return answer.build();
        });
    }

    @Override
    public void removePlugin(RemovePluginRequest request, StreamObserver<RemovePluginResponse> responses) {
        run(responses, c -> {
            c.remove(request.getName(), request.getVersion());
            return RemovePluginResponse.getDefaultInstance();
        });
    }

    /** Who calls: the authenticated principal, or {@code anonymous} on a front without authentication. */
    private static String uploader() {
        Authenticator.Principal p = AuthInterceptor.PRINCIPAL.get();
        return p == null ? "anonymous" : p.name();
    }

    private <R> void run(StreamObserver<R> responses, Function<PluginCatalog, R> call) {
        ServerCallStreamObserver<R> observer = (ServerCallStreamObserver<R>) responses;
        observer.setOnCancelHandler(() -> { });
        PluginCatalog c;
        try {
            c = catalog.get();
        } catch (IllegalStateException e) {
            observer.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        try {
            io.execute(() -> {
                R answer;
                try {
                    answer = call.apply(c);
                } catch (PluginCatalogException e) {
                    observer.onError(status(e).withDescription(e.getMessage()).asRuntimeException());
                    return;
                } catch (IllegalStateException e) {
                    observer.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
                    return;
                } catch (RuntimeException e) {
                    observer.onError(Statuses.of(e).asRuntimeException());
                    return;
                }
                observer.onNext(answer);
                observer.onCompleted();
            });
        } catch (RejectedExecutionException e) {
            observer.onError(Status.UNAVAILABLE.withDescription("the node is stopping").asRuntimeException());
        }
    }

    private static Status status(PluginCatalogException e) {
        return switch (e.reason()) {
            case INVALID -> Status.INVALID_ARGUMENT;
            case EXISTS -> Status.ALREADY_EXISTS;
            case NOT_FOUND -> Status.NOT_FOUND;
        };
    }

    static PluginVersion view(PluginInfo p) {
        return PluginVersion.newBuilder().setName(p.name()).setVersion(p.version()).setSha256(p.sha256())
                .setSizeBytes(p.sizeBytes())
                .setUploadedAt(Timestamp.newBuilder().setSeconds(p.uploadedAt().getEpochSecond())
                        .setNanos(p.uploadedAt().getNano()))
                .setUploadedBy(p.uploadedBy()).setHandlerClass(p.handlerClass())
                .setState(switch (p.state()) {
                    case PENDING -> PluginState.PLUGIN_STATE_PENDING;
                    case LOADED -> PluginState.PLUGIN_STATE_LOADED;
                    case FAILED -> PluginState.PLUGIN_STATE_FAILED;
                })
                .setFailure(p.failure()).setLatest(p.latest()).build();
    }
}
