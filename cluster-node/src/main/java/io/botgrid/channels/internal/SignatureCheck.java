package io.botgrid.channels.internal;

import java.util.Objects;

/**
 * The verdict on a signed request. A reason instead of a bare boolean, because "stale timestamp" and "forged
 * signature" call for different fixes (clock skew versus a wrong secret) and operators only see the log.
 *
 * @param valid whether the request is authentic and fresh
 * @param reason why not; "ok" when valid
 */
public record SignatureCheck(boolean valid, String reason) {
    private static final SignatureCheck OK = new SignatureCheck(true, "ok");

    /** Requires a reason. */
    public SignatureCheck {
        Objects.requireNonNull(reason, "reason");
    }

    /** An authentic, fresh request. */
    public static SignatureCheck ok() {
        return OK;
    }

    /** A rejected request, and why. */
    public static SignatureCheck rejected(String reason) {
        return new SignatureCheck(false, reason);
    }
}
