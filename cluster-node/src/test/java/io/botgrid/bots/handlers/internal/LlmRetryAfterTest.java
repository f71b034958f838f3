package io.botgrid.bots.handlers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.Headers;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The wait a service asks for: retry-after-ms first, then Retry-After in seconds or as an HTTP date. */
class LlmRetryAfterTest {

    @Test
    void millisecondsSecondsAndDates() {
        assertThat(LlmCaller.retryAfter(Headers.builder().put("retry-after-ms", "1500").put("Retry-After", "9")
                .build())).contains(Duration.ofMillis(1500));
        assertThat(LlmCaller.retryAfter(Headers.builder().put("Retry-After", "2").build()))
                .contains(Duration.ofSeconds(2));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                .plusSeconds(10));
        assertThat(LlmCaller.retryAfter(Headers.builder().put("Retry-After", inTenSeconds).build())).hasValueSatisfying(
                d -> assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10)));
        assertThat(LlmCaller.retryAfter(Headers.builder().put("Retry-After", "soon").build())).isEmpty();
        assertThat(LlmCaller.retryAfter(Headers.builder().build())).isEmpty();
    }
}
