package io.botgrid.channels;

import java.time.Duration;
import java.util.Objects;

/**
 * How one delivery attempt of a reply ended. Egress clients never throw: every outcome, including a dead network,
 * is one of these three, so the outbox only has to decide between done, later and never.
 */
public sealed interface DeliveryResult {

    /** The platform accepted the reply; the outbox may forget it. */
    record Delivered() implements DeliveryResult {
    }

    /**
     * The attempt failed for a reason that may pass (rate limit, outage, network); try again.
     *
     * @param after how long to wait at least before the next attempt (the platform's Retry-After when it gave one)
     * @param reason what went wrong, for logs
     */
    record Retry(Duration after, String reason) implements DeliveryResult {
        /** Requires a non-negative delay and a reason. */
        public Retry {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(reason, "reason");
            if (after.isNegative()) {
                throw new IllegalArgumentException("negative retry delay: " + after);
            }
        }
    }

    /**
     * The platform refused the reply for a reason retrying cannot fix (unknown channel, revoked token, …).
     *
     * @param reason the platform's error, for logs and counters
     */
    record Failed(String reason) implements DeliveryResult {
        /** Requires a reason. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
