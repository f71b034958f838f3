package io.botgrid.actor.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.Timers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory timers of one activation: each tick is a message in the actor's own mailbox, so timer commands are
 * ordinary turns. Timers live and die with the activation ({@link #cancelAll} on close); durable schedules are
 * reminders. Used from turns only, so the map needs no lock.
 */
final class ActivationTimers implements Timers<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(ActivationTimers.class);

    private final Activation owner;
    private final RuntimeExecutors executors;
    /** Made on the first timer: most activations never start one, and every idle activation paid for it (W4). */
    private Map<String, ScheduledFuture<?>> timers;

    ActivationTimers(Activation owner, RuntimeExecutors executors) {
        this.owner = owner;
        this.executors = executors;
    }

    @Override
    public void startSingle(String name, Duration delay, Message command) {
        cancel(name);
        // A one-shot timer set by a traced turn continues its trace (a periodic one would never end it).
        Context trace = owner.tracingEnabled() && Span.current().getSpanContext().isValid() ? Context.current() : null;
        map().put(name, executors.scheduler.schedule(() -> tick(name, command, true, trace),
                delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void startPeriodic(String name, Duration interval, Message command) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("timer interval must be positive, got " + interval);
        }
        cancel(name);
        map().put(name, executors.scheduler.scheduleAtFixedRate(() -> tick(name, command, false, null),
                interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void cancel(String name) {
        ScheduledFuture<?> f = timers == null ? null : timers.remove(name);
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public boolean isActive(String name) {
        ScheduledFuture<?> f = timers == null ? null : timers.get(name);
        return f != null && !f.isDone();
    }

    private Map<String, ScheduledFuture<?>> map() {
        if (timers == null) {
            timers = new HashMap<>();
        }
        return timers;
    }

    /** The activation is closing: no timer of it fires again. */
    void cancelAll() {
        if (timers == null) {
            return;
        }
        timers.values().forEach(f -> f.cancel(false));
        timers.clear();
    }

    private void tick(String name, Message command, boolean single, Context trace) {
        if (owner.status() != Activation.ACTIVE) {
            return;
        }
        TimerEnvelope envelope = new TimerEnvelope(name, command, single);
        envelope.trace = trace;
        owner.offer(envelope);
    }

    /** A timer's tick: no caller waits for it; failures are logged. */
    private final class TimerEnvelope extends Envelope {
        private final String name;
        private final boolean single;

        TimerEnvelope(String name, Message command, boolean single) {
            super(owner.id, owner.actorKey, owner.registration, command, null, null, Long.MAX_VALUE);
            this.name = name;
            this.single = single;
        }

        @Override
        boolean countsAsActivity() {
            return false;
        }

        @Override
        void onSucceed(Message reply, ByteString replyBytes) {
            if (single && timers != null) {
                timers.remove(name);
            }
        }

        @Override
        void onFail(ActorException error) {
            LOG.warn("Timer '{}' of {} failed: {}", name, id, error.getMessage());
        }

        @Override
        void onRedirect() {
            // the activation that set the timer is gone; its timers go with it
        }

        @Override
        void onBusy() {
        }

        @Override
        boolean isAbandoned(long nowNanos) {
            return false;
        }
    }
}
