package io.botgrid.cli;

import com.google.protobuf.Any;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.ActorTypeDescription;
import io.botgrid.proto.v1.DescribeActorTypeRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The message types of a running node's actor types, for the CLI's JSON commands: {@code DescribeActorType} names an
 * actor type's command and reply messages, and server reflection serves their definitions, from which JSON is parsed
 * into a command and replies are printed as JSON. Nothing of the user's types needs to be on the CLI's class path.
 */
final class ActorSchemas implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String TYPE_URL_PREFIX = "type.googleapis.com/";

    private final ManagedChannel managed;
    private final Channel channel;
    private final Duration timeout;
    private final Map<String, FileDescriptor> files = new HashMap<>();
    private final Map<String, FileDescriptorProto> protos = new HashMap<>();

    /** Opens its own plaintext channel to {@code endpoint} (host:port), with the bearer token if there is one. */
    ActorSchemas(String endpoint, String tokenOrNull, Duration timeout) {
        this.managed = Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create()).build();
        this.channel = tokenOrNull == null || tokenOrNull.isBlank() ? managed
                : ClientInterceptors.intercept(managed, bearer(tokenOrNull));
        this.timeout = timeout;
    }

    /** The message names of an actor type, from the node. */
    ActorTypeDescription describe(String actorType) {
        return ActorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .describeActorType(DescribeActorTypeRequest.newBuilder().setActorType(actorType).build());
    }

    /**
     * A command of message type {@code fullName} from JSON (the Protobuf JSON mapping: field names in lowerCamelCase
     * or as in the .proto file).
     *
     * @throws IllegalArgumentException the JSON does not fit the message; the message says where
     */
    DynamicMessage fromJson(String fullName, String json) {
        Descriptor type = descriptor(fullName);
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        try {
            JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the JSON is not a " + fullName + ": " + e.getMessage(), e);
        }
        return b.build();
    }

    /** A packed message as JSON, its type found through reflection. */
    String toJson(Any packed) {
        String url = packed.getTypeUrl();
        Descriptor type = descriptor(url.substring(url.lastIndexOf('/') + 1));
        try {
            DynamicMessage message = DynamicMessage.parseFrom(type, packed.getValue());
            return JsonFormat.printer().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the node sent a " + type.getFullName() + " that does not parse: "
                    + e.getMessage(), e);
        }
    }

    static String typeUrl(String fullName) {
        return TYPE_URL_PREFIX + fullName;
    }

    /** The descriptor of a message by full name, through reflection. */
    Descriptor descriptor(String fullName) {
        ServerReflectionResponse answer = reflect(ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol(fullName).build());
        if (answer.hasErrorResponse()) {
            throw new IllegalArgumentException("the node does not know message type " + fullName + ": "
                    + answer.getErrorResponse().getErrorMessage());
        }
        String fileName = null;
        for (var bytes : answer.getFileDescriptorResponse().getFileDescriptorProtoList()) {
            FileDescriptorProto proto = parse(bytes);
            protos.putIfAbsent(proto.getName(), proto);
            if (fileName == null) {
                fileName = proto.getName(); // the file defining the symbol comes first
            }
        }
        if (fileName == null) {
            throw new IllegalArgumentException("the node returned no file for message type " + fullName);
        }
        Descriptor type = file(fileName).findMessageTypeByName(simpleName(fullName, file(fileName)));
        if (type == null) {
            throw new IllegalArgumentException("message type " + fullName + " is not in " + fileName);
        }
        return type;
    }

    private static String simpleName(String fullName, FileDescriptor file) {
        String pkg = file.getPackage();
        return pkg.isEmpty() ? fullName : fullName.substring(pkg.length() + 1);
    }

    /** Builds a file and, first, the files it imports (asking reflection for any it did not send yet). */
    private FileDescriptor file(String name) {
        FileDescriptor built = files.get(name);
        if (built != null) {
            return built;
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            ServerReflectionResponse answer = reflect(ServerReflectionRequest.newBuilder().setFileByFilename(name)
                    .build());
            if (answer.hasErrorResponse()) {
                throw new IllegalArgumentException("the node does not serve " + name + ": "
                        + answer.getErrorResponse().getErrorMessage());
            }
            for (var bytes : answer.getFileDescriptorResponse().getFileDescriptorProtoList()) {
                FileDescriptorProto p = parse(bytes);
                protos.putIfAbsent(p.getName(), p);
            }
            proto = protos.get(name);
            if (proto == null) {
                throw new IllegalArgumentException("the node did not send " + name);
            }
        }
        List<FileDescriptor> deps = new ArrayList<>();
        for (String dep : proto.getDependencyList()) {
            deps.add(file(dep));
        }
        try {
            built = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException("the node's " + name + " does not build: " + e.getMessage(), e);
        }
        files.put(name, built);
        return built;
    }

    private static FileDescriptorProto parse(com.google.protobuf.ByteString bytes) {
        try {
            return FileDescriptorProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the node sent an unreadable file descriptor", e);
        }
    }

    /** One request on a reflection stream. */
    private ServerReflectionResponse reflect(ServerReflectionRequest request) {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.completeExceptionally(new IllegalStateException("reflection ended without answer"));
                    }
                });
        requests.onNext(request);
        requests.onCompleted();
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the node for message types", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the node did not answer a reflection request in " + timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) {
                throw s;
            }
            throw new IllegalStateException("reflection failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static ClientInterceptor bearer(String token) {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                         Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        headers.put(AUTHORIZATION, "Bearer " + token);
                        super.start(listener, headers);
                    }
                };
            }
        };
    }

    @Override
    public void close() {
        managed.shutdownNow();
    }
}
