package io.botgrid.bots;

/**
 * A bot's behaviour, chosen by name; built-ins and plugins (ServiceLoader, META-INF/services/io.botgrid.bots.BotHandler).
 *
 * <p>Why settings are parsed apart from messages: a bot is configured rarely and talks often, so every check that can
 * be made on the settings alone is made once, in {@link #configure(String)}, where the error can still reach the user
 * who wrote them; {@link ConfiguredHandler#onMessage} then only deals with conversations. Implementations must be
 * thread-safe and stateless across bots: one instance serves every bot that names it.
 */
public interface BotHandler {
    /** Name bots refer to, e.g. "echo", "rules", "webhook", "llm"; lowercase [a-z0-9-]+. */
    String name();

    /**
     * Parses and checks a bot's handler settings (text: YAML or JSON; may be empty). Called when a bot is created or
     * updated (the error reaches the user) and once per settings version on each node before use.
     *
     * @throws InvalidHandlerSettingsException with line (1-based, 0 if unknown) and reason
     */
    ConfiguredHandler configure(String settings);
}
