package io.botgrid.channels.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while the client is slow: each chunk is copied when it arrives
 * (Jetty calls back on demand), so a client trickling or sending nothing costs a connection, not a thread. Bounded
 * three ways, because a callback URL is public: at most {@code maxBytes} are kept (413 beyond), the whole body must
 * arrive within the body timeout (408 otherwise, so a client trickling one byte at a time is cut), and an oversized
 * body is discarded up to a bound only, so that a client still sending reliably reads the 413 rather than a reset.
 * One instance per request; Jetty serialises the demand callbacks, the deadline may race them, and the first
 * outcome wins.
 */
final class BodyReader implements Runnable {
    /** How many times the limit an oversized body is read and discarded, so the client reliably sees the 413. */
    static final long DRAIN_FACTOR = 4;

    /** What became of the body. */
    sealed interface Outcome {
        /** The whole body, at most the limit. */
        record Read(byte[] bytes) implements Outcome {
        }

        /** Larger than the limit (declared or sent); the rest of it, if any, is not read. */
        record TooLarge() implements Outcome {
        }

        /**
         * Not complete within the body timeout (or the connection's idle timeout) and not known to be too large; the
         * rest is not read.
         */
        record TimedOut() implements Outcome {
        }

        /** The client went away or sent something unreadable. */
        record Broken(Throwable cause) implements Outcome {
        }
    }

    private final Request request;
    private final int maxBytes;
    private final long drainLimit;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private byte[] buffer;
    private int size;
    private long received;
    private volatile boolean oversized;

    private BodyReader(Request request, int maxBytes, long declared) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.drainLimit = maxBytes * DRAIN_FACTOR;
        this.oversized = declared > maxBytes;
        this.buffer = oversized ? null : new byte[(int) Math.min(maxBytes, declared >= 0 ? declared : 8192)];
    }

    /**
     * Starts reading the body of {@code request}; the future completes once it is read, too large, late or broken.
     * A body declared larger than the drain bound is refused at once, without reading any of it.
     */
    static CompletableFuture<Outcome> read(Request request, int maxBytes, Duration timeout, Scheduler scheduler) {
        long declared = request.getLength();
        if (declared > maxBytes * DRAIN_FACTOR) {
            return CompletableFuture.completedFuture(new Outcome.TooLarge());
        }
        BodyReader reader = new BodyReader(request, maxBytes, declared);
        Scheduler.Task deadline = scheduler.schedule(reader::late, timeout.toNanos(), TimeUnit.NANOSECONDS);
        reader.outcome.whenComplete((o, x) -> deadline.cancel());
        reader.run();
        return reader.outcome;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (outcome.isDone()) {
                if (chunk != null) {
                    chunk.release();
                }
                return; // decided (e.g. timed out): whatever is left is not read
            }
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                // a transient failure is the connection's idle timeout; a terminal one is a broken connection
                if (chunk.isLast()) {
                    outcome.complete(new Outcome.Broken(chunk.getFailure()));
                } else {
                    late();
                }
                return;
            }
            boolean last = chunk.isLast();
            take(chunk.getByteBuffer());
            chunk.release();
            if (last) {
                outcome.complete(oversized ? new Outcome.TooLarge() : new Outcome.Read(Arrays.copyOf(buffer, size)));
                return;
            }
            if (oversized && received > drainLimit) {
                outcome.complete(new Outcome.TooLarge());
                return;
            }
        }
    }

    /** Out of time: a body already known to be too large is still answered as such, anything else as late. */
    private void late() {
        outcome.complete(oversized ? new Outcome.TooLarge() : new Outcome.TimedOut());
    }

    private void take(ByteBuffer bytes) {
        int n = bytes.remaining();
        received += n;
        if (oversized) {
            return;
        }
        if (received > maxBytes) {
            oversized = true;
            buffer = null;
            return;
        }
        if (size + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, Math.max(size + n, 2L * buffer.length)));
        }
        bytes.get(buffer, size, n);
        size += n;
    }
}
