package io.botgrid.it.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A minimal server reflection client, as {@code grpcurl list} does it, in reflection v1 and v1alpha. */
final class Reflection {
    private Reflection() {
    }

    /** The outcome of a FileContainingSymbol request, in either version. */
    record FileAnswer(List<ByteString> files, int errorCode, String errorMessage) {
    }

    /** The names of the services the server offers. */
    static List<String> listServices(Channel channel) throws Exception {
        return ask(channel, ServerReflectionRequest.newBuilder().setListServices("").build())
                .getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
    }

    /** The serialised file descriptors defining a symbol, e.g. a service's full name. */
    static ServerReflectionResponse fileContainingSymbol(Channel channel, String symbol) throws Exception {
        return ask(channel, ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol).build());
    }

    /** {@link #fileContainingSymbol} in reflection v1 ({@code v1alpha} false) or v1alpha. */
    static FileAnswer fileContainingSymbol(Channel channel, String symbol, boolean v1alpha) throws Exception {
        if (!v1alpha) {
            ServerReflectionResponse r = fileContainingSymbol(channel, symbol);
            return new FileAnswer(r.getFileDescriptorResponse().getFileDescriptorProtoList(),
                    r.getErrorResponse().getErrorCode(), r.getErrorResponse().getErrorMessage());
        }
        io.grpc.reflection.v1alpha.ServerReflectionResponse r = askV1alpha(channel,
                io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol)
                        .build());
        return new FileAnswer(r.getFileDescriptorResponse().getFileDescriptorProtoList(),
                r.getErrorResponse().getErrorCode(), r.getErrorResponse().getErrorMessage());
    }

    /** The names of the services the server offers, asked in reflection v1alpha. */
    static List<String> listServicesV1alpha(Channel channel) throws Exception {
        return askV1alpha(channel, io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
                .setListServices("").build()).getListServicesResponse().getServiceList().stream()
                .map(io.grpc.reflection.v1alpha.ServiceResponse::getName).toList();
    }

    private static ServerReflectionResponse ask(Channel channel, ServerReflectionRequest request) throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .serverReflectionInfo(new FirstAnswer<>(answer));
        requests.onNext(request);
        requests.onCompleted();
        return answer.get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("deprecation") // the v1alpha stubs are deprecated upstream; v1alpha is what is under test
    private static io.grpc.reflection.v1alpha.ServerReflectionResponse askV1alpha(
            Channel channel, io.grpc.reflection.v1alpha.ServerReflectionRequest request) throws Exception {
        CompletableFuture<io.grpc.reflection.v1alpha.ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests =
                io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .serverReflectionInfo(new FirstAnswer<>(answer));
        requests.onNext(request);
        requests.onCompleted();
        return answer.get(10, TimeUnit.SECONDS);
    }

    /** Completes the future with the first response. */
    private record FirstAnswer<T>(CompletableFuture<T> answer) implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
            answer.complete(value);
        }

        @Override
        public void onError(Throwable t) {
            answer.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            answer.completeExceptionally(new IllegalStateException("no reflection response"));
        }
    }
}
