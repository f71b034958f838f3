package io.botgrid.bots.internal;

import com.google.protobuf.Timestamp;

/** Epoch milliseconds, as the actors store them, to Protobuf timestamps, as the API shows them. */
final class Times {
    private Times() {
    }

    static Timestamp ofMillis(long millis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000))
                .setNanos(Math.floorMod(millis, 1000) * 1_000_000).build();
    }
}
