/**
 * Rate limits per client (API key or JWT subject, by role) and per bot: {@link io.botgrid.ratelimit.RateLimiter},
 * its settings {@link io.botgrid.ratelimit.RateLimitConfig}; token buckets (Bucket4j) in {@code internal}. Used by the
 * gRPC front and the channel endpoint; depends on nothing of theirs.
 */
package io.botgrid.ratelimit;
