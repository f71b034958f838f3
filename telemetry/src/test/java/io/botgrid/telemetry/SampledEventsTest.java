package io.botgrid.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.telemetry.internal.SampledEvents;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SampledEventsTest {
    private final MutableClock clock = new MutableClock();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<Event> published = new ArrayList<>();

    private SampledEvents events(EventsConfig config) {
        SampledEvents e = new SampledEvents(config, clock, registry);
        e.subscribe(published::addAll);
        return e;
    }

    private double counter(String name, String event) {
        return registry.scrape().stream().filter(s -> s.getMetadata().getPrometheusName().equals(name))
                .map(CounterSnapshot.class::cast).flatMap(s -> s.getDataPoints().stream())
                .filter(d -> d.getLabels().equals(Labels.of("event", event)))
                .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
    }

    @Test
    void eventsWithoutAPolicyArePublishedAtTheNextFlushWithTheirMeasurementsAndMetadata() {
        SampledEvents e = events(EventsConfig.defaults());
        e.emit("handler.error", Map.of("millis", 12.0), Map.of("handler", "rules"));
        assertThat(published).isEmpty();
        assertThat(e.flushDue()).isEqualTo(1);
        assertThat(published).singleElement().satisfies(ev -> {
            assertThat(ev.name()).isEqualTo("handler.error");
            assertThat(ev.count()).isEqualTo(1);
            assertThat(ev.measurements()).containsEntry("millis", 12.0);
            assertThat(ev.metadata()).containsEntry("handler", "rules");
        });
        assertThat(counter("botgrid_events", "handler.error")).isEqualTo(1);
        assertThat(counter("botgrid_events_published", "handler.error")).isEqualTo(1);
    }

    @Test
    void samplingKeepsExactlyTheRateOfOccurrencesButCountsThemAll() {
        SampledEvents e = events(EventsConfig.defaults().withPolicy("actor.activated",
                EventPolicy.EVERY.withSampleRate(0.25)));
        for (int i = 0; i < 100; i++) {
            e.emit("actor.activated", Map.of("type", "Bot"));
        }
        e.flushDue();
        assertThat(published).hasSize(25);
        assertThat(counter("botgrid_events", "actor.activated")).isEqualTo(100);
        assertThat(counter("botgrid_events_published", "actor.activated")).isEqualTo(25);
    }

    @Test
    void repeatsWithinTheWindowFoldIntoOneEventWithACountPerDedupKey() {
        SampledEvents e = events(EventsConfig.defaults().withPolicy("delivery.failed",
                EventPolicy.dedup(Duration.ofSeconds(10), "platform")));
        for (int i = 0; i < 50; i++) {
            e.emit("delivery.failed", Map.of("attempts", 1.0), Map.of("platform", "slack", "bot", "b" + i));
        }
        e.emit("delivery.failed", Map.of("attempts", 1.0), Map.of("platform", "webhook", "bot", "x"));
        clock.advance(Duration.ofSeconds(9));
        assertThat(e.flushDue()).as("the window is still open").isZero();
        e.emit("delivery.failed", Map.of("attempts", 2.0), Map.of("platform", "slack", "bot", "late"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(e.flushDue()).isEqualTo(2);
        Event slack = published.stream().filter(ev -> ev.metadata().get("platform").equals("slack")).findFirst()
                .orElseThrow();
        assertThat(slack.count()).isEqualTo(51);
        assertThat(slack.measurements()).containsEntry("attempts", 52.0);
        assertThat(slack.metadata()).containsEntry("bot", "b0");
        assertThat(slack.lastMillis() - slack.firstMillis()).isEqualTo(9_000);
        // After the window, the same key starts a new event.
        e.emit("delivery.failed", Map.of("platform", "slack"));
        clock.advance(Duration.ofSeconds(10));
        e.flushDue();
        assertThat(published).hasSize(3);
        assertThat(published.get(2).count()).isEqualTo(1);
    }

    @Test
    void whenFullItDropsAndCountsTheDropsWithoutBlocking() {
        SampledEvents e = events(EventsConfig.defaults().withCapacity(3));
        for (int i = 0; i < 10; i++) {
            e.emit("node.joined", Map.of("node", "n" + i));
        }
        assertThat(e.held()).isEqualTo(3);
        assertThat(counter("botgrid_events_dropped", "node.joined")).isEqualTo(7);
        e.flushDue();
        assertThat(published).hasSize(3);
        assertThat(e.held()).isZero();
        e.emit("node.joined", Map.of("node", "again"));
        assertThat(e.held()).as("room again after the flush").isEqualTo(1);
    }

    @Test
    void namesBeyondTheLimitAreDroppedUnderOneBoundedLabel() {
        SampledEvents e = events(EventsConfig.defaults().withMaxNames(2));
        e.emit("a.one", Map.of());
        e.emit("a.two", Map.of());
        e.emit("a.three", Map.of());
        e.emit("a.four", Map.of());
        e.flushDue();
        assertThat(published).extracting(Event::name).containsExactly("a.one", "a.two");
        assertThat(counter("botgrid_events_dropped", "other")).isEqualTo(2);
    }

    @Test
    void aBadNameIsRefusedWithTheRule() {
        SampledEvents e = events(EventsConfig.defaults());
        assertThatThrownBy(() -> e.emit("Bad Name", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event name must match");
    }

    @Test
    void closePublishesEvenOpenWindowsAndLaterEmitsAreDropped() {
        SampledEvents e = events(EventsConfig.defaults().withPolicy("lost.partitions",
                EventPolicy.dedup(Duration.ofMinutes(1), "group")));
        e.emit("lost.partitions", Map.of("group", "g"));
        e.close();
        assertThat(published).hasSize(1);
        e.emit("lost.partitions", Map.of("group", "g"));
        assertThat(counter("botgrid_events_dropped", "lost.partitions")).isEqualTo(1);
    }

    @Test
    void aSubscriberThatThrowsDoesNotStopTheOthers() {
        SampledEvents e = events(EventsConfig.defaults());
        List<Event> second = new ArrayList<>();
        e.subscribe(batch -> {
            throw new IllegalStateException("boom");
        });
        e.subscribe(second::addAll);
        e.emit("x.y", Map.of());
        e.flushDue();
        assertThat(published).hasSize(1);
        assertThat(second).hasSize(1);
    }

    @Test
    void theRunningFlusherPublishesAsSoonAsFlushEveryEventsAreReady() throws Exception {
        CountDownLatch got = new CountDownLatch(1);
        List<Event> seen = new CopyOnWriteArrayList<>();
        // An interval far beyond the test: only the count can trigger this flush.
        try (Events.Running e = SampledEvents.start(EventsConfig.defaults().withFlushEvery(5)
                .withFlushInterval(Duration.ofHours(1)), clock, registry, "test-events")) {
            e.subscribe(batch -> {
                seen.addAll(batch);
                got.countDown();
            });
            for (int i = 0; i < 5; i++) {
                e.emit("worker.started", Map.of("i", String.valueOf(i)));
            }
            assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).hasSize(5);
        }
    }
}
