package io.botgrid.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.util.Lifecycle.State;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    @Test
    void movesForwardAndReportsRunning() {
        Lifecycle l = new Lifecycle();
        assertThat(l.state()).isEqualTo(State.NEW);
        assertThat(l.isRunning()).isFalse();
        assertThat(l.tryTransition(State.NEW, State.RUNNING)).isTrue();
        assertThat(l.isRunning()).isTrue();
        assertThat(l.tryTransition(State.NEW, State.RUNNING)).as("already started").isFalse();
        assertThat(l.tryTransition(State.RUNNING, State.STOPPING)).isTrue();
        assertThat(l.isRunning()).isFalse();
        assertThat(l.stopped()).isNotDone();
        assertThat(l.tryTransition(State.STOPPING, State.STOPPED)).isTrue();
        assertThat(l.stopped()).isCompleted();
    }

    @Test
    void refusesToMoveBackwards() {
        Lifecycle l = new Lifecycle();
        assertThatThrownBy(() -> l.tryTransition(State.RUNNING, State.STARTING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forward");
    }

    @Test
    void markStoppedFromAnyStateCompletesTheFutureOnce() {
        Lifecycle l = new Lifecycle();
        var stopped = l.stopped();
        assertThat(l.markStopped()).isTrue();
        assertThat(l.markStopped()).isFalse();
        assertThat(stopped).isCompleted();
        assertThat(l.tryTransition(State.NEW, State.RUNNING)).isFalse();
    }

    @Test
    void exactlyOneRacingThreadWinsTheStop() throws Exception {
        Lifecycle l = new Lifecycle();
        l.tryTransition(State.NEW, State.RUNNING);
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("lifecycle-test"));
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return l.tryTransition(State.RUNNING, State.STOPPING);
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get(5, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
