package io.botgrid.bots.plugins;

/** A catalog change refused, with why in the message and what kind of refusal in {@link #reason()}. */
public final class PluginCatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal: the front turns it into a status. */
    public enum Reason {
        /** Bad input: a name, version, checksum or jar that cannot be accepted. */
        INVALID,
        /** That version is stored already. */
        EXISTS,
        /** No such version. */
        NOT_FOUND
    }

    private final Reason reason;

    public PluginCatalogException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
