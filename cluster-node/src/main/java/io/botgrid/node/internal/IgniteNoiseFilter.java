package io.botgrid.node.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Keeps Ignite's below-ERROR noise out of the node's default log, where logger levels cannot reach it.
 *
 * <p>Why a filter and not levels: Ignite names some loggers after the instance, e.g.
 * {@code org.apache.ignite.internal.IgniteKernal%node-1}, which is not a child of {@code ...IgniteKernal} in Logback's
 * hierarchy, and it reports a failure its handler ignores (a simulated crash in a test, a node stopped on purpose)
 * through the root logger, as "Possible failure suppressed accordingly to a configured handler", with a thread dump.
 * Real critical failures are ERROR and pass.
 */
final class IgniteNoiseFilter extends TurboFilter {
    /** Loggers whose warnings are about defaults Botgrid sets on purpose or about failures that were ignored. */
    static final List<String> ERROR_ONLY = List.of(
            "org.apache.ignite.internal.IgniteKernal",
            "org.apache.ignite.internal.GridDiagnostic",
            "org.apache.ignite.internal.managers.collision",
            "org.apache.ignite.internal.processors.cache.persistence",
            "org.apache.ignite.internal.processors.cluster.baseline",
            "org.apache.ignite.internal.processors.failure.FailureProcessor",
            "org.apache.ignite.internal.processors.cache.CacheDiagnosticManager");

    private static final String IGNORED_FAILURE = "Possible failure suppressed accordingly to a configured handler";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (level == null || level.isGreaterOrEqual(Level.ERROR)) {
            return FilterReply.NEUTRAL;
        }
        String name = logger.getName();
        for (String prefix : ERROR_ONLY) {
            if (name.startsWith(prefix)) {
                return FilterReply.DENY;
            }
        }
        if (format != null && format.startsWith(IGNORED_FAILURE)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
