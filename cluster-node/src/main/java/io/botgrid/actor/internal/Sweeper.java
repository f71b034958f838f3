package io.botgrid.actor.internal;

import io.botgrid.actor.ActivationListener.EndReason;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's periodic housekeeping: passivating idle activations and those whose partition moved away, dropping
 * abandoned transport state, and polling for due reminders (never two polls at once). All of it runs on the blocking
 * pool, driven by the scheduler thread, and does nothing once the runtime stops running.
 */
final class Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final ActorRuntime runtime;
    private final AtomicBoolean ticking = new AtomicBoolean();

    Sweeper(ActorRuntime runtime) {
        this.runtime = runtime;
    }

    void start(Duration sweepInterval, Duration reminderTick) {
        RuntimeExecutors executors = runtime.executors;
        long sweep = sweepInterval.toMillis();
        executors.scheduler.scheduleWithFixedDelay(() -> executors.blocking.execute(this::sweep), sweep, sweep,
                TimeUnit.MILLISECONDS);
        long tick = reminderTick.toMillis();
        executors.scheduler.scheduleWithFixedDelay(this::tickReminders, tick, tick, TimeUnit.MILLISECONDS);
    }

    private void tickReminders() {
        if (ticking.compareAndSet(false, true)) {
            runtime.executors.blocking.execute(() -> {
                try {
                    if (runtime.isRunning()) {
                        runtime.reminders.tick();
                    }
                } finally {
                    ticking.set(false);
                }
            });
        }
    }

    private void sweep() {
        if (!runtime.isRunning()) {
            return;
        }
        try {
            sweepActivations();
        } catch (RuntimeException e) {
            LOG.debug("Sweep of {} skipped: {}", runtime.nodeName, e.getMessage());
        }
    }

    private void sweepActivations() {
        long now = runtime.ticker.nanoTime();
        for (Activation a : runtime.table.all()) {
            if (a.status() != Activation.ACTIVE) {
                continue;
            }
            if (!runtime.placement.ownsPartition(a.partition)) {
                a.tryClose(EndReason.OWNER_CHANGED);
            } else if (a.idleNanos(now) > a.registration.settings().passivationIdle().toNanos()) {
                a.tryClose(EndReason.IDLE);
            }
        }
        runtime.forgetAbandonedTransportState();
    }

    /** The topology changed: passivate what this node no longer owns. */
    void checkOwnership() {
        try {
            for (Activation a : runtime.table.all()) {
                if (a.status() == Activation.ACTIVE && !runtime.placement.ownsPartition(a.partition)) {
                    a.tryClose(EndReason.OWNER_CHANGED);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Ownership check of {} skipped: {}", runtime.nodeName, e.getMessage());
        }
    }
}
