package io.botgrid.it.grpc;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Captures what the node logs in this JVM, as the node's log file would get it: logback's root logger, with
 * grpc-java's java.util.logging lines bridged to it as the launcher does.
 */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    private LogCapture() {
    }

    static LogCapture start() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        LogCapture capture = new LogCapture();
        capture.appender.start();
        capture.root.addAppender(capture.appender);
        return capture;
    }

    /** The lines of the gRPC front and of grpc-java so far. */
    List<ILoggingEvent> grpcLines() {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getLoggerName().startsWith("io.grpc")
                    || e.getLoggerName().startsWith("io.botgrid.grpc")).toList();
        }
    }

    /** Every line so far, of any logger. */
    List<ILoggingEvent> allLines() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
