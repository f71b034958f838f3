package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;

/**
 * The {@code rules} handler: regex and keyword rules with templated replies, session variables and named states,
 * for bots simple enough not to need a service of their own. Settings are checked by {@link RulesParser}; answers
 * are computed on the calling thread, which is cheap for sane patterns.
 */
public final class RulesHandler implements BotHandler {
    @Override
    public String name() {
        return "rules";
    }

    @Override
    public ConfiguredHandler configure(String settings) {
        return RulesParser.parse(settings);
    }
}
