package io.botgrid.node.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The node's logging defaults apply only when the application has no Logback configuration, and then keep Botgrid at
 * INFO and Ignite's noise out.
 */
class DefaultLoggingTest {

    private static ExecutionStatus configureWith(ClassLoader loader, LoggerContext context) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            DefaultLogging logging = new DefaultLogging();
            logging.setContext(context);
            return logging.configure(context);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void withoutAConfigurationOfItsOwnTheDefaultsApply(@TempDir Path empty) throws IOException {
        LoggerContext context = new LoggerContext();
        try (URLClassLoader nothing = new URLClassLoader(new URL[] {empty.toUri().toURL()}, null)) {
            assertThat(configureWith(nothing, context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        }
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNotNull();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.botgrid.actor.internal.ActorRuntime").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);
        context.getLogger("org.apache.ignite.internal.IgniteKernal%node-1").warn("Possible too long JVM pause");
        context.getLogger(Logger.ROOT_LOGGER_NAME)
                .warn("Possible failure suppressed accordingly to a configured handler [hnd={}]", "x");
        context.getLogger("org.apache.ignite.internal.IgniteKernal%node-1").error("Critical system error detected");
        context.getLogger("org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi").warn("Node FAILED");
        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
                .as("an instance-named kernal warning and an ignored failure are noise; errors and the rest pass")
                .containsExactly("Critical system error detected", "Node FAILED");
    }

    @Test
    void aLogbackXmlOfTheApplicationWins(@TempDir Path app) throws IOException {
        Files.writeString(app.resolve("logback.xml"), "<configuration/>");
        LoggerContext context = new LoggerContext();
        try (URLClassLoader withFile = new URLClassLoader(new URL[] {app.toUri().toURL()}, null)) {
            assertThat(configureWith(withFile, context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        }
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNull();
        assertThat(context.getLogger("io.botgrid").getLevel()).isNull();
    }
}
