package io.botgrid.bench;

import java.time.Duration;

/**
 * Bounds a run: after {@code limit} it kills the run's node processes and halts the JVM with exit code 3, so a hung
 * cluster (a node that never settles, a call that never completes) cannot keep the benchmark, and the machine's ports
 * and disk, busy forever. A daemon thread, so a run that ends in time exits normally.
 */
final class Watchdog {
    /** Exit code of a run the watchdog halted. */
    static final int TIMED_OUT = 3;

    private Watchdog() {
    }

    static void start(Duration limit, RunResources resources) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("[bench] TIMED OUT after " + limit + ": killing the node processes and halting");
            resources.kill();
            Runtime.getRuntime().halt(TIMED_OUT);
        }, "bench-watchdog");
        t.setDaemon(true);
        t.start();
    }
}
