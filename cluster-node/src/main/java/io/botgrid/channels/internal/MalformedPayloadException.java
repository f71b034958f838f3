package io.botgrid.channels.internal;

/**
 * A request body that is authentic but unusable (not JSON, a required field missing or of the wrong type). Its
 * message is written for the sender, since it is returned with HTTP 400: it names the field and the problem.
 */
public final class MalformedPayloadException extends Exception {
    /** A payload problem described for the sender. */
    public MalformedPayloadException(String reason) {
        super(reason);
    }
}
