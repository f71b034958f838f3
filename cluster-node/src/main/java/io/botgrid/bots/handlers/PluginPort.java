package io.botgrid.bots.handlers;

import io.botgrid.bots.ConfiguredHandler;

/**
 * The handler plugins deployed to the cluster, as the registry sees them: a bot whose handler is
 * {@code plugin:<name>} or {@code plugin:<name>@<version>} takes a {@link Lease} on one loaded version for each
 * message.
 *
 * <p>Why a lease per message rather than a handler resolved once: a new version must take over a session on its next
 * message, and the version it replaced must be unloaded (its class loader closed and collected) once the last message
 * that runs it has ended. The lease is what tells the deployer when that is.
 */
public interface PluginPort {
    /** No deployed plugins: every {@code plugin:} name is unknown. */
    PluginPort NONE = (name, version) -> {
        throw new UnknownHandlerException(HandlerRegistry.PLUGIN_PREFIX + name, "handler '"
                + HandlerRegistry.PLUGIN_PREFIX + name + "': this node has no deployed plugins");
    };

    /**
     * A lease on the version {@code versionOrNull} of plugin {@code name}, or on its latest loaded version when null.
     *
     * @throws UnknownHandlerException when there is no such plugin or version loaded (the message says why: unknown,
     *     removed, or failed to load)
     */
    Lease acquire(String name, String versionOrNull);

    /** One version held for the length of one message; {@link #close} exactly once. */
    interface Lease extends AutoCloseable {
        /** The version leased. */
        String version();

        /**
         * The version's handler bound to {@code settings}, configured once per settings text for this version.
         *
         * @throws io.botgrid.bots.InvalidHandlerSettingsException when the handler refuses the settings
         */
        ConfiguredHandler configure(String settings);

        /** Ends the lease; the last lease of a replaced version unloads it. */
        @Override
        void close();
    }
}
