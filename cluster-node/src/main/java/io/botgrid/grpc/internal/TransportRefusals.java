package io.botgrid.grpc.internal;

import java.time.Duration;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns grpc-java's log record for a request it refused in the transport into one bounded line without a stack trace.
 *
 * <p>Why: a request whose message is over {@code grpc.maxMessageBytes} (or does not deframe) never reaches the front's
 * interceptors; grpc-java's Netty server answers it with a precise status (RESOURCE_EXHAUSTED naming both sizes) and
 * logs a WARNING "Exception processing message" with the exception's stack trace, once per request. Any client could
 * fill the node's log with stack traces that way. A {@link Filter} on that {@code java.util.logging} logger drops the
 * record and writes a WARN line through a {@link RateLimitedLog} instead, whatever the node's logging setup.
 */
public final class TransportRefusals {
    /** grpc-java's (shaded) Netty server stream, whose logger writes the record. */
    static final String GRPC_LOGGER = "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream";
    static final String GRPC_MESSAGE = "Exception processing message";
    /** Held here: java.util.logging keeps loggers weakly, and a collected logger would take the filter with it. */
    private static final Logger GRPC = Logger.getLogger(GRPC_LOGGER);
    private static final RateLimitedLog LINES = new RateLimitedLog(LoggerFactory.getLogger(TransportRefusals.class),
            10, Duration.ofSeconds(10));

    private TransportRefusals() {
    }

    /** Puts the filter on grpc-java's logger, once per JVM (every node of a JVM shares that logger). */
    public static synchronized void install() {
        if (!(GRPC.getFilter() instanceof OneLine)) {
            GRPC.setFilter(new OneLine(GRPC.getFilter()));
        }
    }

    /** Replaces the refusal's record; passes every other record to the filter that was there before, if any. */
    private record OneLine(Filter before) implements Filter {
        @Override
        public boolean isLoggable(LogRecord record) {
            if (record.getThrown() != null && GRPC_MESSAGE.equals(record.getMessage())) {
                LINES.warn("gRPC request refused by the transport: {}", record.getThrown().getMessage());
                return false;
            }
            return before == null || before.isLoggable(record);
        }
    }
}
