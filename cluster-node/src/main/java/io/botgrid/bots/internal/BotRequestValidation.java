package io.botgrid.bots.internal;

import io.botgrid.bots.platform.BotApiException;
import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.HandlerRegistry;
import io.botgrid.bots.handlers.UnknownHandlerException;

/**
 * The limits and checks of the bot platform's requests, in one place so that every front (gRPC, CLI, channels)
 * rejects the same input with the same INVALID_ARGUMENT message before any actor is called.
 */
final class BotRequestValidation {
    static final int MAX_NAME = 200;
    static final int MAX_TEXT = 40_000;
    static final int MAX_ID = 200;
    static final int MAX_SETTINGS = 256 * 1024;
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final HandlerRegistry handlers;

    BotRequestValidation(HandlerRegistry handlers) {
        this.handlers = handlers;
    }

    /** The handler exists and accepts the settings (it is configured once, and thrown away, to find out). */
    void checkHandler(String handler, String settings) {
        if (handler == null || handler.isBlank()) {
            throw BotApiException.invalid("handler is required, one of " + handlers.names());
        }
        if (settings.length() > MAX_SETTINGS) {
            throw BotApiException.invalid("handler_settings is " + settings.length() + " characters, the maximum is "
                    + MAX_SETTINGS);
        }
        try {
            handlers.validate(handler, settings);
        } catch (UnknownHandlerException e) {
            if (HandlerRegistry.isChain(handler) || HandlerRegistry.isPlugin(handler)) {
                throw BotApiException.invalid(e.getMessage());
            }
            throw BotApiException.invalid("unknown handler '" + handler + "'; known: " + handlers.names()
                    + ", chain:<chain id> or plugin:<name>[@<version>]");
        } catch (InvalidHandlerSettingsException e) {
            throw BotApiException.invalid("invalid settings for handler '" + handler + "': " + e.getMessage());
        }
    }

    static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw BotApiException.invalid("name is required");
        }
        if (name.length() > MAX_NAME) {
            throw BotApiException.invalid("name is " + name.length() + " characters, the maximum is " + MAX_NAME);
        }
    }

    static void requireText(String text) {
        if (text == null || text.isEmpty()) {
            throw BotApiException.invalid("text is required");
        }
        if (text.length() > MAX_TEXT) {
            throw BotApiException.invalid("text is " + text.length() + " characters, the maximum is " + MAX_TEXT);
        }
    }

    static String checkId(String field, String value) {
        if (value.length() > MAX_ID || value.isBlank()) {
            throw BotApiException.invalid(field + " must be 1-" + MAX_ID + " characters");
        }
        return value;
    }

    /** The caller's idempotency key, or null if it gave none. */
    static String idempotencyKey(String key) {
        return key == null || key.isEmpty() ? null : checkId("idempotency_key", key);
    }

    static int pageSize(int requested) {
        if (requested < 0 || requested > MAX_PAGE) {
            throw BotApiException.invalid("page_size must be 0-" + MAX_PAGE + ", got " + requested);
        }
        return requested == 0 ? DEFAULT_PAGE : requested;
    }
}
