package io.botgrid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BotgridClientBuilderTest {

    @Test
    void refusesBadValuesAndSettingsGivenTwice() {
        assertThatThrownBy(() -> BotgridClient.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("endpoints (or regions) are required");
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
    void refusesBadRegions() {
        assertThatThrownBy(() -> BotgridClient.builder().region("eu", "a:1").region("eu", "b:2"))
                .isInstanceOf(IllegalStateException.class).hasMessage("region eu was already set to [a:1]");
        assertThatThrownBy(() -> BotgridClient.builder().region("e u", "a:1"))
                .hasMessageContaining("region must be 1-64 characters");
        assertThatThrownBy(() -> BotgridClient.builder().endpoints("a:1").region("eu", "b:2"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("endpoints were already set");
        assertThatThrownBy(() -> BotgridClient.builder().region("eu", "a:1").endpoints("b:2"))
                .isInstanceOf(IllegalStateException.class).hasMessage("regions were already set: [eu]");
        assertThatThrownBy(() -> BotgridClient.builder().region("eu", "a:1").preferredRegion("us").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("preferredRegion us is not one of the regions [eu]");
        assertThatThrownBy(() -> BotgridClient.builder().endpoints("a:1").preferredRegion("us").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("preferredRegion needs regions, not endpoints");
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
