package io.botgrid.workers.internal;

import io.botgrid.util.Ticker;
import io.botgrid.workers.RestartPolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The restart intensity of one spec incarnation: at most {@code maxRestarts} restarts within a sliding window,
 * measured on an injected {@link Ticker}; each allowed restart waits an exponential backoff that grows with the
 * restarts still inside the window (so a worker that stays up longer than the window starts again from the minimum).
 * Not thread-safe: used under its spec's lock.
 */
final class RestartBudget {
    private final RestartPolicy policy;
    private final Ticker ticker;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();

    RestartBudget(RestartPolicy policy, Ticker ticker) {
        this.policy = policy;
        this.ticker = ticker;
    }

    /** The backoff before the next restart, or empty when it would exceed the intensity (the spec must fail). */
    Optional<Duration> next() {
        long now = ticker.nanoTime();
        long window = policy.within().toNanos();
        while (!recent.isEmpty() && now - recent.peekFirst() >= window) {
            recent.pollFirst();
        }
        if (recent.size() >= policy.maxRestarts()) {
            return Optional.empty();
        }
        Duration backoff = policy.backoff(recent.size());
        recent.addLast(now);
        return Optional.of(backoff);
    }
}
