package io.botgrid.node.internal;

import org.apache.ignite.IgniteLogger;
import org.apache.ignite.logger.slf4j.Slf4jLogger;

/**
 * Ignite's log through SLF4J, and nothing on the console besides. Ignite prints its "quiet mode" summary straight
 * to stdout whenever its logger says it is quiet, which {@link Slf4jLogger} does as soon as INFO is off; this
 * wrapper never says so, so those lines go to SLF4J at INFO (normally filtered out) instead.
 *
 * <p>Because it is never quiet, Ignite calls {@link #info} without asking {@link #isInfoEnabled} first (its
 * "not quiet, so log at INFO" paths, e.g. the rebalance summaries); {@link Slf4jLogger} answers such a call with a
 * WARN "Logging at INFO level without checking if INFO level is enabled" on every rebalance. So a message below
 * the enabled level is dropped here, where the check belongs, and never reaches it.
 */
public final class QuietSlf4jLogger implements IgniteLogger {
    private final IgniteLogger delegate;

    public QuietSlf4jLogger() {
        this(new Slf4jLogger());
    }

    private QuietSlf4jLogger(IgniteLogger delegate) {
        this.delegate = delegate;
    }

    @Override
    public IgniteLogger getLogger(Object ctgr) {
        return new QuietSlf4jLogger(delegate.getLogger(ctgr));
    }

    @Override
    public void trace(String msg) {
        if (delegate.isTraceEnabled()) {
            delegate.trace(msg);
        }
    }

    @Override
    public void debug(String msg) {
        if (delegate.isDebugEnabled()) {
            delegate.debug(msg);
        }
    }

    @Override
    public void info(String msg) {
        if (delegate.isInfoEnabled()) {
            delegate.info(msg);
        }
    }

    @Override
    public void warning(String msg, Throwable e) {
        delegate.warning(msg, e);
    }

    @Override
    public void error(String msg, Throwable e) {
        delegate.error(msg, e);
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public boolean isQuiet() {
        return false;
    }

    @Override
    public String fileName() {
        return null;
    }
}
