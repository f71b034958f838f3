package io.botgrid.actor;

import java.time.Duration;

/**
 * Volatile timers of one activation: each delivers its command to the actor as a turn of its own, with no caller
 * waiting for the reply. A timer tick does not count as activity, so timers do not keep an idle actor active. All
 * timers end when the activation ends; use {@link Reminders} for what must survive that.
 *
 * @param <C> the actor's command type
 */
public interface Timers<C> {

    /** Delivers {@code command} once after {@code delay}, replacing any timer of the same name. */
    void startSingle(String name, Duration delay, C command);

    /** Delivers {@code command} every {@code interval}, replacing any timer of the same name. */
    void startPeriodic(String name, Duration interval, C command);

    void cancel(String name);

    boolean isActive(String name);
}
