package io.botgrid.workers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.WorkerAbortedException;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupSupervisionTest {
    private final Probe probe = new Probe("probe");
    private final EngineFixture fx = new EngineFixture(probe);

    @AfterEach
    void close() {
        fx.close();
    }

    private GroupSpec group() {
        return GroupSpec.of("g", List.of(new GroupSpec.Member("a", FunctionRef.of("probe")),
                        new GroupSpec.Member("b", FunctionRef.of("probe")), new GroupSpec.Member("c", FunctionRef.of("probe"))))
                .withRestart(RestartPolicy.DEFAULT.withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    private void awaitState(String id, WorkerState state) {
        EngineFixture.waiting().until(() -> fx.engine.status(id).orElseThrow().state() == state);
    }

    @Test
    void broadcastReachesEveryLiveMemberExactlyOnce() throws Exception {
        fx.engine.apply(group(), 1);
        awaitState("g", WorkerState.RUNNING);

        Map<String, List<WorkerMessage>> answers = fx.engine.broadcast("g", WorkerMessage.of("hello"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(answers).containsOnlyKeys("g/a", "g/b", "g/c");
        answers.forEach((id, out) -> assertThat(out).singleElement()
                .satisfies(m -> assertThat(m.headers()).containsEntry("by", id)));
        for (String id : List.of("g/a", "g/b", "g/c")) {
            assertThat(probe.handled(id)).containsExactly("hello");
        }
    }

    @Test
    void sendReachesOnlyTheNamedMember() throws Exception {
        fx.engine.apply(group(), 1);
        List<WorkerMessage> out = fx.engine.send("g/b", WorkerMessage.of("one")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(out).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("one"));
        assertThat(probe.handled("g/b")).containsExactly("one");
        assertThat(probe.handled("g/a")).isEmpty();
    }

    @Test
    void aCrashOfOneMemberStopsAllAndTheyRestartTogether() throws Exception {
        fx.engine.apply(group(), 7);
        awaitState("g", WorkerState.RUNNING);

        CompletableFuture<List<WorkerMessage>> crash = fx.engine.send("g/b", WorkerMessage.of("crash"))
                .toCompletableFuture();

        EngineFixture.waiting().until(crash::isDone);
        assertThat(crash).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(WorkerAbortedException.class);
        EngineFixture.waiting().until(() -> probe.terminations.size() == 3);
        assertThat(probe.terminations).containsExactlyInAnyOrder("g/a:SIBLING_ENDED", "g/b:CRASHED",
                "g/c:SIBLING_ENDED");
        assertThat(fx.engine.status("g").orElseThrow().state()).isEqualTo(WorkerState.RESTARTING);
        assertThat(fx.engine.status("g").orElseThrow().instances()).isEmpty();

        // the restart waits out the backoff, measured on the injected clock
        EngineFixture.waiting().until(() -> fx.scheduler.pending() == 1);
        fx.scheduler.advance(Duration.ofMillis(99));
        assertThat(fx.engine.status("g").orElseThrow().state()).isEqualTo(WorkerState.RESTARTING);
        fx.scheduler.advance(Duration.ofMillis(1));
        awaitState("g", WorkerState.RUNNING);

        for (String id : List.of("g/a", "g/b", "g/c")) {
            assertThat(probe.inits(id)).as(id).isEqualTo(2);
        }
        var status = fx.engine.status("g").orElseThrow();
        assertThat(status.restarts()).isEqualTo(1);
        assertThat(status.incarnation()).isEqualTo(7);
        assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).contains("g/b crashed", "asked to crash"));
        assertThat(status.instances()).extracting(i -> i.workerId()).containsExactly("g/a", "g/b", "g/c");
        assertThat(fx.events(WorkerEvent.Crashed.class)).singleElement()
                .satisfies(e -> assertThat(e.workerId()).isEqualTo("g/b"));
        assertThat(fx.events(WorkerEvent.Started.class)).extracting(WorkerEvent.Started::restarts).containsExactly(0, 1);

        Map<String, List<WorkerMessage>> again = fx.engine.broadcast("g", WorkerMessage.of("after"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(again).hasSize(3);
        for (String id : List.of("g/a", "g/b", "g/c")) {
            assertThat(probe.handled(id)).filteredOn("after"::equals).hasSize(1);
        }
    }

    @Test
    void stoppingTheGroupTerminatesEveryMemberAndForgetsIt() throws Exception {
        fx.engine.apply(group(), 1);
        awaitState("g", WorkerState.RUNNING);
        assertThat(fx.engine.stop("g").toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.terminations).containsExactlyInAnyOrder("g/a:STOPPED", "g/b:STOPPED", "g/c:STOPPED");
        assertThat(fx.engine.status("g")).isEmpty();
        assertThat(fx.engine.stop("g").toCompletableFuture().get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void stoppingASpecWhileItsInstancesInitialiseStillTerminatesThemAll() throws Exception {
        for (int i = 0; i < 20; i++) {
            fx.engine.apply(group(), i + 1);
            assertThat(fx.engine.stop("g").toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
        }
        EngineFixture.waiting().until(() -> probe.terminations.size() == probe.inits.values().stream()
                .mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum());
    }
}
