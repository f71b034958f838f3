package io.botgrid.ratelimit;

import java.util.Map;
import java.util.Optional;

/**
 * Rate limits of a node: per client by role (each API key or JWT subject has its own bucket at its role's rate), per
 * bot (every bot at {@code bot}, or at its own entry of {@code bots}). A missing entry is no limit. In YAML:
 * <pre>
 * rateLimits:
 *   roles: {client: {perSecond: 50, burst: 100}, operator: {perSecond: 10}}
 *   bot: {perSecond: 20, burst: 40}
 *   bots: {sample: {perSecond: 2, burst: 5}}
 * </pre>
 *
 * @param roles rate per client of each role ({@code client}, {@code operator}, {@code admin}); null: none
 * @param bot rate of each bot without an entry in {@code bots}; null: none
 * @param bots rate of named bots; null: none
 */
public record RateLimitConfig(Map<String, Rate> roles, Rate bot, Map<String, Rate> bots) {
    /** No limit at all. */
    public static final RateLimitConfig NONE = new RateLimitConfig(Map.of(), null, Map.of());

    /** Copies the maps; null maps are empty. */
    public RateLimitConfig {
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        bots = bots == null ? Map.of() : Map.copyOf(bots);
    }

    /** The rate of a client of {@code role}, if limited. */
    public Optional<Rate> forRole(String role) {
        return Optional.ofNullable(roles.get(role));
    }

    /** The rate of {@code botId}, if limited. */
    public Optional<Rate> forBot(String botId) {
        Rate own = bots.get(botId);
        return Optional.ofNullable(own != null ? own : bot);
    }

    /** Whether any limit is set. */
    public boolean any() {
        return !roles.isEmpty() || bot != null || !bots.isEmpty();
    }
}
