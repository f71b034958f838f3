package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.handlers.PluginPort;
import java.util.concurrent.CompletionStage;

/**
 * A bot's deployed-plugin handler: each message leases the version to run ({@code version} null: the latest) and
 * gives the lease back when the handler's future completes, however it completes.
 *
 * <p>Why it holds names and not a handler: the registry caches it by (name, settings), so it must not pin a version's
 * classes; the version is chosen anew on every message, which is how a session switches on its next one.
 */
public final class PluginHandler implements ConfiguredHandler {
    private final PluginPort plugins;
    private final String name;
    private final String version;
    private final String settings;

    public PluginHandler(PluginPort plugins, String name, String version, String settings) {
        this.plugins = plugins;
        this.name = name;
        this.version = version;
        this.settings = settings;
    }

    /** Checks the settings against the version a message would run now, as a bot's create or update must. */
    public void check() {
        try (PluginPort.Lease lease = plugins.acquire(name, version)) {
            lease.configure(settings);
        }
    }

    @Override
    public CompletionStage<HandlerResult> onMessage(HandlerRequest request) {
        PluginPort.Lease lease = plugins.acquire(name, version);
        CompletionStage<HandlerResult> stage;
        try {
            stage = lease.configure(settings).onMessage(request);
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
        if (stage == null) {
            lease.close();
            return null;
        }
        return stage.whenComplete((r, e) -> lease.close());
    }
}
