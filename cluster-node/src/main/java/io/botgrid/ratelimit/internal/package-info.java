/** The token buckets behind {@link io.botgrid.ratelimit.RateLimiter}, on Bucket4j. */
package io.botgrid.ratelimit.internal;
