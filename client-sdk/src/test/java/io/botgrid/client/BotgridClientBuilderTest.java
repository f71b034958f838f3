package io.botgrid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BotgridClientBuilderTest {

    @Test
    void refusesBadValuesAndSettingsGivenTwice() {
        assertThatThrownBy(() -> BotgridClient.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("endpoints are required");
        assertThatThrownBy(() -> BotgridClient.builder().endpoints("no-port"))
                .hasMessage("endpoint must be host:port, got no-port");
        assertThatThrownBy(() -> BotgridClient.builder().endpoints("a:1").endpoints("b:2"))
                .isInstanceOf(IllegalStateException.class).hasMessage("endpoints was already set to [a:1]");
        assertThatThrownBy(() -> BotgridClient.builder().defaultDeadline(Duration.ZERO))
                .hasMessageContaining("defaultDeadline must be positive");
        assertThatThrownBy(() -> BotgridClient.builder().token(" ")).hasMessage("token must not be empty");
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("maxAttempts must be >= 1");
    }

    @Test
    void backoffGrowsToItsCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(50), Duration.ofMillis(300));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofMillis(50));
        assertThat(p.backoff(3)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.backoff(4)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.backoff(9)).isEqualTo(Duration.ofMillis(300));
    }
}
