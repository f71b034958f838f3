package io.botgrid.actor;

import java.time.Duration;

/**
 * Durable reminders, stored in the cluster beside the actor's journal. A reminder delivers its command to the actor
 * as a turn, activating the actor if needed, on whichever node owns it then. Ticks missed while the cluster was
 * down fire once on recovery, not once per missed period.
 *
 * @param <C> the actor's command type
 */
public interface Reminders<C> {

    /**
     * Registers (or replaces) a reminder. Written through before this returns.
     *
     * @param firstDelay delay before the first tick
     * @param period time between ticks, or {@link Duration#ZERO} for a one-shot reminder
     */
    void register(String name, Duration firstDelay, Duration period, C command);

    void unregister(String name);
}
