package io.botgrid.bots;

/**
 * A bot's behaviour, chosen by name: what a bot says to a message. Botgrid ships {@code echo}, {@code rules} and
 * {@code webhook}; users add their own by implementing this interface in a jar placed in the node's plugins folder,
 * with the class named in {@code META-INF/services/io.botgrid.bots.BotHandler} (loaded with
 * {@link java.util.ServiceLoader}). A handler is configured once per bot settings version and then asked for every
 * message of that bot's sessions, one message of a session at a time, inside the session's turn.
 */
public interface BotHandler {

    /** Name bots refer to, e.g. "echo"; lowercase {@code [a-z0-9-]+}, unique on a node. */
    String name();

    /**
     * Parses and checks a bot's handler settings (YAML or JSON text; may be empty). Called when a bot is created or
     * updated, so that the user sees a mistake at once, and before first use on each node.
     *
     * @throws InvalidHandlerSettingsException with the line (1-based, 0 if unknown) and the reason
     */
    ConfiguredHandler configure(String settings);
}
