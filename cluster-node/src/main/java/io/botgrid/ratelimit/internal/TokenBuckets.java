package io.botgrid.ratelimit.internal;

import io.botgrid.ratelimit.Rate;
import io.botgrid.ratelimit.RateLimitConfig;
import io.botgrid.ratelimit.RateLimiter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One Bucket4j bucket per client and per bot, created on first use at the configured rate. Bucket4j's local buckets
 * are lock-free, so a check costs a compare-and-set on a transport thread. The number of buckets is bounded: past
 * {@link #MAX_BUCKETS} (many JWT subjects or addresses), the map is emptied, which at worst gives each client one
 * fresh burst, never a refusal it did not earn.
 */
public final class TokenBuckets implements RateLimiter {
    static final int MAX_BUCKETS = 100_000;
    private static final long REFILL_TOKENS = 1_000;

    private final RateLimitConfig config;
    private final TimeMeter time;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongAdder refusedClients = new LongAdder();
    private final LongAdder refusedBots = new LongAdder();

    public TokenBuckets(RateLimitConfig config, Clock clock) {
        this.config = config;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                java.time.Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Override
    public Duration acquireClient(String who, String role) {
        return acquire("client:" + role + ":" + who, config.forRole(role), refusedClients);
    }

    @Override
    public Duration acquireBot(String botId) {
        return acquire("bot:" + botId, config.forBot(botId), refusedBots);
    }

    @Override
    public long refused(Scope scope) {
        return (scope == Scope.CLIENT ? refusedClients : refusedBots).sum();
    }

    private Duration acquire(String key, Optional<Rate> rate, LongAdder refused) {
        if (rate.isEmpty()) {
            return Duration.ZERO;
        }
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.clear();
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(key, k -> bucket(rate.get()))
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Duration.ZERO;
        }
        refused.increment();
        return Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
    }

    /** {@code burst} tokens, refilled evenly ({@link #REFILL_TOKENS} per the time they take at the rate). */
    private Bucket bucket(Rate rate) {
        long periodNanos = Math.round(REFILL_TOKENS * 1e9 / rate.perSecond());
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(rate.burst())
                        .refillGreedy(REFILL_TOKENS, Duration.ofNanos(Math.max(1, periodNanos))))
                .withCustomTimePrecision(time)
                .build();
    }
}
