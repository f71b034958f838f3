package io.botgrid.grpc.internal;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence of the front, outermost of its interceptors: an exception that escapes a service or an
 * interceptor, or a call a service ends with a plain exception (which grpc-java turns into UNKNOWN), ends the call
 * with INTERNAL and a short error id instead, and writes one rate-limited ERROR line with that id and no stack trace
 * (the stack trace is at DEBUG, under the same id). Left alone, grpc-java answers UNKNOWN "Application error
 * processing RPC" and logs a stack trace for every such call, which a caller who found a bug can turn into a flood.
 *
 * <p>It also bounds every status description to {@value #MAX_DESCRIPTION_CHARS} characters: descriptions quote what
 * the caller sent (an unknown actor type, a bot id), and a 64 KiB field quoted back made trailers larger than the
 * client accepts, so the caller saw INTERNAL "Header size exceeded" instead of the precise refusal (found by the
 * live fuzz run).
 */
final class FailureBarrier implements ServerInterceptor {
    /**
     * Longest status description sent. A description travels percent-encoded in the trailers, up to 9 bytes per
     * character, and clients accept 8 KiB of metadata by default.
     */
    static final int MAX_DESCRIPTION_CHARS = 512;
    private static final Logger LOG = LoggerFactory.getLogger(FailureBarrier.class);

    private final String nodeName;
    private final RateLimitedLog failures;

    FailureBarrier(String nodeName, RateLimitedLog failures) {
        this.nodeName = nodeName;
        this.failures = failures;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Guarded<Q, R> guarded = new Guarded<>(call);
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(guarded, headers);
        } catch (RuntimeException e) {
            guarded.fail("starting the call", e);
            return new ServerCall.Listener<>() {
            };
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                try {
                    super.onMessage(message);
                } catch (RuntimeException e) {
                    guarded.fail("handling a request", e);
                }
            }

            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                } catch (RuntimeException e) {
                    guarded.fail("handling the end of the requests", e);
                }
            }

            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } catch (RuntimeException e) {
                    guarded.fail("handling a cancellation", e);
                }
            }

            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } catch (RuntimeException e) {
                    guarded.fail("handling the end of the call", e);
                }
            }

            @Override
            public void onReady() {
                try {
                    super.onReady();
                } catch (RuntimeException e) {
                    guarded.fail("handling readiness", e);
                }
            }
        };
    }

    /** The call, whose UNKNOWN ends caused by an exception become INTERNAL with an error id. */
    private final class Guarded<Q, R> extends SimpleForwardingServerCall<Q, R> {
        Guarded(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (status.getCode() == Status.Code.UNKNOWN && status.getCause() != null) {
                super.close(internal("ending the call", status.getCause()), new Metadata());
            } else {
                super.close(bounded(status), trailers);
            }
        }

        void fail(String when, Throwable error) {
            try {
                super.close(internal(when, error), new Metadata());
            } catch (IllegalStateException e) {
                // the call had already ended; the failure is logged all the same
            }
        }

        private Status internal(String when, Throwable error) {
            String id = String.format("%08x", ThreadLocalRandom.current().nextInt());
            String method = getMethodDescriptor().getFullMethodName();
            failures.error("Unexpected failure {} of {} on node {} (error id {}): {}: {}", when, method, nodeName, id,
                    error.getClass().getName(), oneLine(error.getMessage()));
            LOG.debug("Stack trace of error id {}", id, error);
            return Status.INTERNAL.withDescription("internal error on node " + nodeName + " (error id " + id
                    + "); the node's log has the details");
        }
    }

    /** The status with its description cut to {@value #MAX_DESCRIPTION_CHARS} characters, saying how much was cut. */
    static Status bounded(Status status) {
        String description = status.getDescription();
        if (description == null || description.length() <= MAX_DESCRIPTION_CHARS) {
            return status;
        }
        int keep = MAX_DESCRIPTION_CHARS - 40;
        if (Character.isHighSurrogate(description.charAt(keep - 1))) {
            keep--; // never cut a character in half
        }
        return status.withDescription(description.substring(0, keep) + "... (" + (description.length() - keep)
                + " more characters)");
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
