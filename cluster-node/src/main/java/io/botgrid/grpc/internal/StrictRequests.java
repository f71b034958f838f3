package io.botgrid.grpc.internal;

import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.grpc.Attributes;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses the requests of a service itself, so that a body that is not the method's message is refused with
 * INVALID_ARGUMENT naming the message type (or the string field that is not UTF-8) and one rate-limited WARN line.
 *
 * <p>Why: grpc-java parses a request with the method's marshaller outside of every listener and interceptor; when
 * the marshaller throws, the caller gets UNKNOWN "Application error processing RPC" and the log a stack trace per
 * request. So each method is registered again with a request marshaller that keeps the bytes as they came (it cannot
 * fail), and the method's own marshaller parses them when the message is delivered, where a failure can be answered.
 * The service keeps its name, method descriptors' settings and schema descriptor (which reflection reads).
 *
 * <p>Cost: the bytes are copied once, at their exact length (grpc-java's stream knows it), and parsed straight from
 * that array by the message's own parser. Reading them with {@code readAllBytes} and parsing through the method's
 * marshaller allocated an 8 KiB and a 4 KiB buffer per call, a third of what a node allocated under W0 through the
 * SDK (docs/benchmarks.md, "Profile of the gRPC path").
 */
final class StrictRequests {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return read(stream);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private StrictRequests() {
    }

    /**
     * All the bytes of {@code stream}. grpc-java hands a request over as a {@link KnownLength} stream, whose
     * {@code available()} is what is left, so the bytes are read into an array of that size; any other stream, or
     * one that has more than it said, is read to its end.
     */
    static byte[] read(InputStream stream) throws IOException {
        if (!(stream instanceof KnownLength)) {
            return stream.readAllBytes();
        }
        int size = stream.available();
        byte[] bytes = new byte[size];
        int read = stream.readNBytes(bytes, 0, size);
        if (read < size) {
            return Arrays.copyOf(bytes, read);
        }
        if (stream.available() == 0) {
            return bytes;
        }
        byte[] rest = stream.readAllBytes();
        byte[] all = Arrays.copyOf(bytes, size + rest.length);
        System.arraycopy(rest, 0, all, size, rest.length);
        return all;
    }

    /**
     * Turns a request's bytes into its message: with the message's own parser when the method's marshaller is a
     * protobuf one (straight from the array, no stream and no decoder buffer), else with the marshaller.
     */
    @FunctionalInterface
    interface RequestParser<Q> {
        Q parse(byte[] bytes) throws IOException;

        @SuppressWarnings("unchecked") // the prototype is the marshaller's, so its parser yields the method's type
        static <Q> RequestParser<Q> of(MethodDescriptor<Q, ?> method) {
            if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p
                    && p.getMessagePrototype() instanceof MessageLite prototype) {
                Parser<? extends MessageLite> parser = prototype.getParserForType();
                return bytes -> (Q) parser.parseFrom(bytes);
            }
            return bytes -> method.parseRequest(new ByteArrayInputStream(bytes));
        }
    }

    /** The service with every request parsed as described above; refusals are logged through {@code refusals}. */
    static ServerServiceDefinition of(ServerServiceDefinition service, RateLimitedLog refusals) {
        ServiceDescriptor original = service.getServiceDescriptor();
        List<ServerMethodDefinition<?, ?>> methods = service.getMethods().stream()
                .<ServerMethodDefinition<?, ?>>map(m -> raw(m, refusals)).toList();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        methods.forEach(m -> descriptor.addMethod(m.getMethodDescriptor()));
        ServerServiceDefinition.Builder rebuilt = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(rebuilt::addMethod);
        return rebuilt.build();
    }

    private static <Q, R> ServerMethodDefinition<byte[], R> raw(ServerMethodDefinition<Q, R> method,
                                                                RateLimitedLog refusals) {
        MethodDescriptor<Q, R> typed = method.getMethodDescriptor();
        MethodDescriptor<byte[], R> raw = typed.toBuilder(BYTES, typed.getResponseMarshaller()).build();
        return ServerMethodDefinition.create(raw, new Handler<>(typed, RequestParser.of(typed),
                method.getServerCallHandler(), refusals));
    }

    /** Starts the method's own handler on a typed view of the call and parses what arrives for it. */
    private record Handler<Q, R>(MethodDescriptor<Q, R> typed, RequestParser<Q> parser, ServerCallHandler<Q, R> next,
                                 RateLimitedLog refusals) implements ServerCallHandler<byte[], R> {
        @Override
        public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], R> call, Metadata headers) {
            return new Parsing<>(typed, parser, call, next.startCall(new TypedCall<>(call, typed), headers),
                    refusals);
        }
    }

    /**
     * Delivers parsed requests to the method's listener. After a refusal nothing more is delivered but the end of the
     * call, as a cancellation, so that a streaming method lets go of what it holds.
     */
    private static final class Parsing<Q, R> extends ServerCall.Listener<byte[]> {
        private final MethodDescriptor<Q, R> typed;
        private final RequestParser<Q> parser;
        private final ServerCall<byte[], R> call;
        private final ServerCall.Listener<Q> delegate;
        private final RateLimitedLog refusals;
        private boolean refused; // the listener's callbacks are serialised by grpc

        Parsing(MethodDescriptor<Q, R> typed, RequestParser<Q> parser, ServerCall<byte[], R> call,
                ServerCall.Listener<Q> delegate, RateLimitedLog refusals) {
            this.typed = typed;
            this.parser = parser;
            this.call = call;
            this.delegate = delegate;
            this.refusals = refusals;
        }

        @Override
        public void onMessage(byte[] bytes) {
            if (refused) {
                return;
            }
            Q request;
            try {
                request = parser.parse(bytes);
            } catch (IOException | RuntimeException e) {
                refuse(bytes, e);
                return;
            }
            delegate.onMessage(request);
        }

        private void refuse(byte[] bytes, Exception error) {
            refused = true;
            String description = describe(typed, bytes, error);
            refusals.warn("Refused a call of {}: INVALID_ARGUMENT: {}", typed.getFullMethodName(), description);
            try {
                call.close(Status.INVALID_ARGUMENT.withDescription(description), new Metadata());
            } catch (IllegalStateException e) {
                // the call had already ended
            }
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            delegate.onCancel();
        }

        @Override
        public void onComplete() {
            if (refused) {
                delegate.onCancel(); // for the method, the call did not end well
            } else {
                delegate.onComplete();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                delegate.onReady();
            }
        }
    }

    /** What is wrong with a request that did not parse, in words for the caller; names no byte of it. */
    static String describe(MethodDescriptor<?, ?> method, byte[] bytes, Throwable error) {
        Object prototype = method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p
                ? p.getMessagePrototype() : null;
        if (!(prototype instanceof Message message)) {
            return "the request of " + method.getFullMethodName() + " cannot be read: " + rootMessage(error);
        }
        String type = message.getDescriptorForType().getFullName();
        Optional<String> field = InvalidUtf8Fields.find(message.getDescriptorForType(), bytes);
        if (field.isPresent()) {
            return "field '" + field.get() + "' of " + type + " is not valid UTF-8 (string fields must be UTF-8 "
                    + "text without unpaired surrogates), in a call of " + method.getFullMethodName();
        }
        return "the request of " + method.getFullMethodName() + " is not a valid " + type + " message: "
                + rootMessage(error);
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The call as the method's own handler expects it: with its typed descriptor; everything else forwarded. */
    private static final class TypedCall<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<byte[], R> raw;
        private final MethodDescriptor<Q, R> typed;

        TypedCall(ServerCall<byte[], R> raw, MethodDescriptor<Q, R> typed) {
            this.raw = raw;
            this.typed = typed;
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return typed;
        }

        @Override
        public void request(int numMessages) {
            raw.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            raw.sendHeaders(headers);
        }

        @Override
        public void sendMessage(R message) {
            raw.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return raw.isReady();
        }

        @Override
        public void close(Status status, Metadata trailers) {
            raw.close(status, trailers);
        }

        @Override
        public boolean isCancelled() {
            return raw.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            raw.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            raw.setCompression(compressor);
        }

        @Override
        public void setOnReadyThreshold(int numBytes) {
            raw.setOnReadyThreshold(numBytes);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return raw.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return raw.getAttributes();
        }

        @Override
        public String getAuthority() {
            return raw.getAuthority();
        }

        @Override
        public void triggerEvent(Object event) {
            raw.triggerEvent(event);
        }
    }
}
