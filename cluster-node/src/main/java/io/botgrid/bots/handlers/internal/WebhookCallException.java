package io.botgrid.bots.handlers.internal;

/**
 * A webhook bot's service could not produce an answer: unreachable, too slow, failing or answering nonsense, after
 * the configured retries. The message names the URL and the last problem, never the secret.
 */
public final class WebhookCallException extends RuntimeException {
    WebhookCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
