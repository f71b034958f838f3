package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TransportRefusalsTest {
    @Test
    void theRefusalRecordBecomesALineWithoutAStackTraceAndOtherRecordsPass() {
        Logger logger = (Logger) LoggerFactory.getLogger(TransportRefusals.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        java.util.logging.Logger grpc = java.util.logging.Logger.getLogger(TransportRefusals.GRPC_LOGGER);
        Filter before = grpc.getFilter();
        try {
            grpc.setFilter(r -> !"dropped by the filter before".equals(r.getMessage()));
            TransportRefusals.install();
            TransportRefusals.install();
            Filter filter = grpc.getFilter();

            LogRecord refusal = new LogRecord(java.util.logging.Level.WARNING, TransportRefusals.GRPC_MESSAGE);
            refusal.setThrown(Status.RESOURCE_EXHAUSTED
                    .withDescription("gRPC message exceeds maximum size 65536: 65617").asRuntimeException());
            assertThat(filter.isLoggable(refusal)).as("grpc-java's record with its stack trace").isFalse();
            assertThat(lines.list).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.WARN);
                assertThat(line.getThrowableProxy()).isNull();
                assertThat(line.getFormattedMessage()).isEqualTo("gRPC request refused by the transport: "
                        + "RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 65536: 65617");
            });

            assertThat(filter.isLoggable(new LogRecord(java.util.logging.Level.WARNING, "something else")))
                    .as("another record of that logger").isTrue();
            LogRecord noException = new LogRecord(java.util.logging.Level.WARNING, TransportRefusals.GRPC_MESSAGE);
            assertThat(filter.isLoggable(noException)).as("the same message without an exception").isTrue();
            assertThat(filter.isLoggable(new LogRecord(java.util.logging.Level.INFO, "dropped by the filter before")))
                    .as("the filter that was there before still applies").isFalse();
            assertThat(lines.list).hasSize(1);
        } finally {
            grpc.setFilter(before);
            logger.detachAppender(lines);
        }
    }
}
