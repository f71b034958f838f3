package io.botgrid.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The failover order of a client with several regions: home region first, then the preferred, then the rest. */
class EndpointsRoutingTest {

    @Test
    void callsGoHomeFirstThenToThePreferredRegionThenTheOthersAndWrapAround() {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        regions.put("eu", List.of("eu1:1", "eu2:1"));
        regions.put("us", List.of("us1:1"));
        regions.put("ap", List.of("ap1:1"));
        try (Endpoints e = new Endpoints(regions, "us", null, null, Runnable::run, OpenTelemetry.noop())) {
            assertThat(e.target(e.currentIndex("eu"))).isEqualTo("eu1:1");
            assertThat(e.target(e.currentIndex(""))).as("unknown home: preferred").isEqualTo("us1:1");
            assertThat(e.target(e.currentIndex("mars"))).as("unknown region: preferred").isEqualTo("us1:1");
            StringBuilder route = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                int index = e.currentIndex("eu");
                route.append(e.target(index)).append(' ');
                e.failover("eu", index);
            }
            assertThat(route.toString().trim()).isEqualTo("eu1:1 eu2:1 us1:1 ap1:1 eu1:1");
            assertThat(e.target(e.currentIndex("us"))).as("other homes keep their own position").isEqualTo("us1:1");
            int onlyEu = e.currentIndex(Endpoints.ONLY + "eu");
            e.failover(Endpoints.ONLY + "eu", onlyEu);
            e.failover(Endpoints.ONLY + "eu", e.currentIndex(Endpoints.ONLY + "eu"));
            assertThat(e.target(e.currentIndex(Endpoints.ONLY + "eu"))).as("a one-region route stays in it")
                    .isEqualTo(e.target(onlyEu));
            int stale = e.currentIndex("ap");
            e.failover("ap", e.currentIndex("eu")); // a failure of an endpoint not in use for ap moves nothing
            assertThat(e.currentIndex("ap")).isEqualTo(stale);
        }
    }
}
