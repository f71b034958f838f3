package io.botgrid.workers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.RestartPolicy.Strategy;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.WorkerStatus;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Standalone workers: each strategy, the intensity limit and the backoff, on a manual clock (no sleeps). */
class StandaloneRestartTest {
    private final Probe probe = new Probe("probe");
    private final EngineFixture fx = new EngineFixture(probe);

    @AfterEach
    void close() {
        fx.close();
    }

    private void start(Strategy strategy) {
        fx.engine.apply(StandaloneSpec.of("w", FunctionRef.of("probe")).withRestart(RestartPolicy.of(strategy)
                .withIntensity(3, Duration.ofSeconds(10)).withBackoff(Duration.ofMillis(100), Duration.ofMillis(250))), 1);
        awaitState(WorkerState.RUNNING);
    }

    private WorkerStatus status() {
        return fx.engine.status("w").orElseThrow();
    }

    private void awaitState(WorkerState state) {
        EngineFixture.waiting().until(() -> status().state() == state);
    }

    private void send(String text) {
        CompletableFuture<?> f = fx.engine.send("w", WorkerMessage.of(text)).toCompletableFuture();
        EngineFixture.waiting().until(f::isDone);
    }

    /** Lets the pending restart (scheduled once every instance terminated) fire after exactly its backoff. */
    private void restartAfter(Duration backoff) {
        EngineFixture.waiting().until(() -> fx.scheduler.pending() == 1);
        fx.scheduler.advance(backoff.minusMillis(1));
        assertThat(status().state()).isEqualTo(WorkerState.RESTARTING);
        fx.scheduler.advance(Duration.ofMillis(1));
        awaitState(WorkerState.RUNNING);
    }

    @Test
    void permanentRestartsAfterACrashAndAfterANormalStop() {
        start(Strategy.PERMANENT);
        send("crash");
        awaitState(WorkerState.RESTARTING);
        restartAfter(Duration.ofMillis(100));
        send("stop");
        awaitState(WorkerState.RESTARTING);
        restartAfter(Duration.ofMillis(200));
        assertThat(probe.inits("w")).isEqualTo(3);
        assertThat(probe.terminations).containsExactly("w:CRASHED", "w:SIBLING_ENDED");
        assertThat(status().restarts()).isEqualTo(2);
    }

    @Test
    void transientRestartsAfterACrashButNotAfterANormalStop() {
        start(Strategy.TRANSIENT);
        send("crash");
        awaitState(WorkerState.RESTARTING);
        restartAfter(Duration.ofMillis(100));
        send("stop");
        awaitState(WorkerState.STOPPED);
        assertThat(fx.scheduler.pending()).isZero();
        assertThat(probe.inits("w")).isEqualTo(2);
        assertThat(fx.events(WorkerEvent.Stopped.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("w stopped normally"));
    }

    @Test
    void temporaryIsNeverRestartedAndACrashMarksItFailedWithTheReason() {
        start(Strategy.TEMPORARY);
        send("crash");
        awaitState(WorkerState.FAILED);
        assertThat(fx.scheduler.pending()).isZero();
        assertThat(status().lastError()).hasValue(
                "w crashed: IllegalStateException: asked to crash (strategy temporary: not restarted)");
        assertThat(fx.events(WorkerEvent.Failed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("strategy temporary"));
        assertThat(probe.inits("w")).isEqualTo(1);
    }

    @Test
    void temporaryStopsNormallyWithoutRestart() {
        start(Strategy.TEMPORARY);
        send("stop");
        awaitState(WorkerState.STOPPED);
        assertThat(probe.inits("w")).isEqualTo(1);
    }

    @Test
    void backoffDoublesUpToItsCapAndTheIntensityLimitFailsTheWorker() {
        start(Strategy.PERMANENT);
        send("crash");
        awaitState(WorkerState.RESTARTING);
        restartAfter(Duration.ofMillis(100));
        send("crash");
        awaitState(WorkerState.RESTARTING);
        restartAfter(Duration.ofMillis(200));
        send("crash");
        awaitState(WorkerState.RESTARTING);
        restartAfter(Duration.ofMillis(250)); // capped
        assertThat(fx.events(WorkerEvent.Restarting.class)).extracting(WorkerEvent.Restarting::backoffMillis)
                .containsExactly(100L, 200L, 250L);

        send("crash"); // a fourth crash within 10 s: over the intensity of 3
        awaitState(WorkerState.FAILED);
        assertThat(status().lastError()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("more than 3 restarts in 10000 ms; last: w crashed"));
        assertThat(fx.events(WorkerEvent.Failed.class)).hasSize(1);
        assertThat(probe.inits("w")).isEqualTo(4);
    }

    @Test
    void restartsOutsideTheWindowDoNotCountAndTheBackoffStartsOverAfterAQuietPeriod() {
        start(Strategy.PERMANENT);
        for (int i = 0; i < 6; i++) {
            send("crash");
            awaitState(WorkerState.RESTARTING);
            restartAfter(Duration.ofMillis(100));
            fx.scheduler.advance(Duration.ofSeconds(11)); // the previous restart leaves the window
        }
        assertThat(status().state()).isEqualTo(WorkerState.RUNNING);
        assertThat(status().restarts()).isEqualTo(6);
        assertThat(fx.events(WorkerEvent.Restarting.class)).extracting(WorkerEvent.Restarting::backoffMillis)
                .containsOnly(100L);
    }

    @Test
    void aCrashingInitIsACrashToo() {
        var failing = TestFunctions.named("failing-init", s -> new io.botgrid.workers.spi.WorkerFunction() {
            @Override
            public void init(io.botgrid.workers.spi.WorkerContext context) {
                throw new IllegalStateException("no connection");
            }
        });
        try (EngineFixture other = new EngineFixture(failing)) {
            other.engine.apply(StandaloneSpec.of("x", FunctionRef.of("failing-init"))
                    .withRestart(RestartPolicy.of(Strategy.TRANSIENT).withIntensity(0, Duration.ofSeconds(1))), 1);
            EngineFixture.waiting().until(() -> other.engine.status("x").orElseThrow().state()
                    == WorkerState.FAILED);
            assertThat(other.engine.status("x").orElseThrow().lastError()).hasValueSatisfying(
                    e -> assertThat(e).contains("x crashed: IllegalStateException: no connection"));
        }
    }
}
