package io.botgrid.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
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
}
