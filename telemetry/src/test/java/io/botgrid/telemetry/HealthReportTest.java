package io.botgrid.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthReportTest {
    @Test
    void readyListsEveryFailingCheckWithItsReasonAndIncludesLiveness() {
        HealthChecks checks = new HealthChecks()
                .addLive(new HealthCheck("process", Optional::empty))
                .addReady(new HealthCheck("joined", () -> Optional.of("not in a cluster \"yet\"")))
                .addReady(new HealthCheck("grpc-serving", Optional::empty))
                .addReady(new HealthCheck("not-draining", () -> {
                    throw new IllegalStateException("probe broke");
                }));
        HealthReport ready = checks.ready();
        assertThat(ready.healthy()).isFalse();
        assertThat(ready.failures()).containsExactly("joined: not in a cluster \"yet\"",
                "not-draining: check failed: java.lang.IllegalStateException: probe broke");
        assertThat(ready.toJson()).startsWith("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"process\",\"status\":\"UP\"}")
                .contains("{\"name\":\"joined\",\"status\":\"DOWN\",\"reason\":\"not in a cluster \\\"yet\\\"\"}");
        assertThat(checks.live().healthy()).isTrue();
        assertThat(checks.live().toJson()).isEqualTo(
                "{\"status\":\"UP\",\"checks\":[{\"name\":\"process\",\"status\":\"UP\"}]}");
    }
}
