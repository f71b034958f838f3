package io.botgrid.client.internal;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idempotency keys the SDK makes for calls whose caller gave none: a random prefix drawn once per client and a
 * counter. Unique across clients (the prefix is a random UUID) and cheap per call, where a UUID per call would draw
 * from the shared secure random generator every time.
 */
final class IdempotencyKeys {
    private final String prefix = UUID.randomUUID().toString() + ':';
    private final AtomicLong counter = new AtomicLong();

    String next() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }
}
