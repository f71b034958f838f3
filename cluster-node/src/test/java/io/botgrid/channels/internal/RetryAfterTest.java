package io.botgrid.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration FALLBACK = Duration.ofSeconds(1);

    @Test
    void readsSecondsAndDatesAndFallsBackOtherwise() {
        assertThat(RetryAfter.parse(Optional.of("30"), FALLBACK, NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(Optional.of(" 0 "), FALLBACK, NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 12:00:42 GMT"), FALLBACK, NOW))
                .isEqualTo(Duration.ofSeconds(42));
        assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 11:00:00 GMT"), FALLBACK, NOW))
                .isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse(Optional.empty(), FALLBACK, NOW)).isEqualTo(FALLBACK);
        assertThat(RetryAfter.parse(Optional.of("soon"), FALLBACK, NOW)).isEqualTo(FALLBACK);
        assertThat(RetryAfter.parse(Optional.of("-5"), FALLBACK, NOW)).isEqualTo(FALLBACK);
        assertThat(RetryAfter.parse(Optional.of("99999999999"), FALLBACK, NOW)).isEqualTo(RetryAfter.MAX);
    }
}
