package io.botgrid.workers;

import io.botgrid.workers.spi.WorkerFunctionFactory;

/**
 * Worker functions of plugins deployed to the running cluster (by the plugin deployer), named in specs as
 * {@code plugin:<plugin>/<function>} (the plugin's latest version) or {@code plugin:<plugin>@<version>/<function>}
 * (pinned). Why leases: a worker instance runs code of one loaded version for as long as it lives, so it holds a lease
 * that keeps that version's class loader open; a newer version serves the instances created after it (a restart, a
 * scale-up), never the running ones.
 */
public interface PluginFunctions {
    /** No deployed plugins: every {@code plugin:} name is unknown. */
    PluginFunctions NONE = (plugin, version, function) -> {
        throw new IllegalArgumentException("no plugin '" + plugin + "' is deployed");
    };

    /**
     * A lease on the factory {@code function} of plugin {@code plugin} ({@code versionOrNull} null: its latest
     * version on this node).
     *
     * @throws IllegalArgumentException when no such function is deployed and loaded here; the message says why
     */
    Lease acquire(String plugin, String versionOrNull, String function);

    /** A factory of one loaded version, kept loaded until {@link #close}. */
    interface Lease extends AutoCloseable {
        /** The version leased (the latest at the time, unless pinned). */
        String version();

        WorkerFunctionFactory factory();

        /** Releases the lease once; further calls do nothing. */
        @Override
        void close();
    }
}
