package io.botgrid.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void threadsAreNamedDaemons() {
        DaemonThreads factory = DaemonThreads.named("botgrid-test");
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });
        assertThat(first.isDaemon()).isTrue();
        assertThat(first.getName()).isEqualTo("botgrid-test-1");
        assertThat(second.getName()).isEqualTo("botgrid-test-2");
    }

    @Test
    void startRunsTheTaskOnANamedDaemon() throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        DaemonThreads.start("botgrid-one-off", () -> ran.complete(Thread.currentThread()));
        Thread t = ran.get(5, TimeUnit.SECONDS);
        assertThat(t.getName()).isEqualTo("botgrid-one-off");
        assertThat(t.isDaemon()).isTrue();
    }

    @Test
    void everyRepeatsOnANamedDaemonPastAFailingRoundUntilClosed() {
        List<Thread> rounds = new CopyOnWriteArrayList<>();
        DaemonThreads.Repeating repeating = DaemonThreads.every("botgrid-every", Duration.ofMillis(20), () -> {
            rounds.add(Thread.currentThread());
            if (rounds.size() == 1) {
                throw new IllegalStateException("the first round fails");
            }
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> rounds.size() >= 3);
        assertThat(rounds.get(0).getName()).isEqualTo("botgrid-every");
        assertThat(rounds.get(0).isDaemon()).isTrue();

        repeating.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !rounds.get(0).isAlive());
        int after = rounds.size();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> rounds.size() == after);
    }
}
