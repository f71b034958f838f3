package io.botgrid.ratelimit;

import java.time.Duration;

/**
 * Admits or refuses one request of a client or for a bot, by token buckets at the rates of a
 * {@link RateLimitConfig}. The buckets are this node's (see docs/operations.md: a client spread over n nodes gets up
 * to n times its rate). A refusal says how long until a token is back, for the caller's {@code Retry-After}. Every
 * method returns at once (no lock held, no I/O): it runs on gRPC transport threads. {@link RateLimiters#of} makes
 * one.
 */
public interface RateLimiter {
    /** What a refusal is counted under. */
    enum Scope { CLIENT, BOT }

    /**
     * Takes a token from the bucket of client {@code who} (a key name or JWT subject, or an address) at its role's
     * rate.
     *
     * @return zero if admitted, otherwise how long until the request would be admitted
     */
    Duration acquireClient(String who, String role);

    /** Takes a token from the bucket of bot {@code botId}; zero if admitted, else how long to wait. */
    Duration acquireBot(String botId);

    /** Requests refused so far under {@code scope}, for metrics. */
    long refused(Scope scope);

    /** Admits everything. */
    static RateLimiter unlimited() {
        return Unlimited.INSTANCE;
    }

    /** The limiter without limits. */
    enum Unlimited implements RateLimiter {
        INSTANCE;

        @Override
        public Duration acquireClient(String who, String role) {
            return Duration.ZERO;
        }

        @Override
        public Duration acquireBot(String botId) {
            return Duration.ZERO;
        }

        @Override
        public long refused(Scope scope) {
            return 0;
        }
    }
}
