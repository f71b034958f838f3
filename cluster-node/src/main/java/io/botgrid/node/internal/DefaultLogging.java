package io.botgrid.node.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Map;

/**
 * Botgrid's logging defaults, used only when the application brings no Logback configuration of its own.
 *
 * <p>Why a {@link Configurator} and not a {@code logback.xml} in the jar: a library's {@code logback.xml} competes with
 * the user's on the classpath (Logback picks one and warns), so a project that embeds a node or runs the test kit could
 * not be sure whose levels apply. Logback runs service-loaded configurators before it looks for files; this one steps
 * aside ({@link ExecutionStatus#INVOKE_NEXT_IF_ANY}) as soon as {@code logback.configurationFile},
 * {@code logback-test.xml} or {@code logback.xml} exists, so the user's file always wins, and otherwise sets what a
 * node needs to stay readable: Botgrid at INFO with its MDC context (node, actor, bot, session, rpc, trace id), Ignite
 * and Jetty at WARN, and Ignite's warnings about defaults Botgrid sets on purpose, and its thread dumps for failures its
 * handler ignores, left out ({@link IgniteNoiseFilter}: only their ERRORs pass).
 */
@ConfiguratorRank(ConfiguratorRank.FALLBACK + 1)
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    /** The MDC keys of {@code LogContext}, printed as {@code key=value} only when set. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20}"
            + "%replace( node=%X{node}){' node=$', ''}"
            + "%replace( actor=%X{actor}){' actor=$', ''}"
            + "%replace( bot=%X{bot}){' bot=$', ''}"
            + "%replace( session=%X{session}){' session=$', ''}"
            + "%replace( rpc=%X{rpc}){' rpc=$', ''}"
            + "%replace( trace_id=%X{trace_id}){' trace_id=$', ''} - %msg%n";

    /** Levels of Botgrid's and its libraries' loggers; a logger not named here logs at WARN like the root. */
    static final Map<String, Level> LEVELS = Map.of(
            "io.botgrid", Level.INFO,
            "org.apache.ignite", Level.WARN,
            // The channel endpoint's HTTP server: per-connection chatter is noise, real failures are WARN.
            "org.eclipse.jetty", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (userConfigurationExists()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        IgniteNoiseFilter noise = new IgniteNoiseFilter();
        noise.setContext(context);
        noise.start();
        context.addTurboFilter(noise);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean userConfigurationExists() {
        if (System.getProperty("logback.configurationFile") != null) {
            return true;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = DefaultLogging.class.getClassLoader();
        }
        return loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null;
    }
}
