package io.botgrid.actor.internal;

import io.botgrid.actor.ActorException;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.JournalUnavailableException;

/** Maps Ignite storage failures to the runtime's public errors. */
final class StorageErrors {
    private StorageErrors() {
    }

    /** Whether the failure says that a partition lost every copy (Ignite's partition-loss policy refused it). */
    static boolean isLostPartition(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (isMinority(c)) {
                return false;
            }
            if (c.getClass().getSimpleName().equals("CacheInvalidStateException")
                    || (c.getMessage() != null && c.getMessage().contains("lost partition"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure says that the cache's topology is not valid: its {@link MajorityValidator} found this node
     * on a minority side, so Ignite refused the update.
     */
    static boolean isMinority(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("cache topology is not valid")) {
                return true;
            }
        }
        return false;
    }

    /** The public error for a failed journal, snapshot or directory operation on {@code actor}. */
    static ActorException journalError(String actor, String operation, Throwable t) {
        if (t instanceof ActorException a) {
            return a;
        }
        if (isMinority(t)) {
            return new ClusterUnavailableException("this node is in a minority partition (fewer than a majority of "
                    + "the baseline nodes are reachable): the " + operation + " for " + actor + " was refused and "
                    + "nothing was written; retry through a node of the majority", t);
        }
        if (isLostPartition(t)) {
            return new JournalUnavailableException("journal of " + actor + " is unavailable: its partition lost "
                    + "every copy (" + operation + " refused); it returns when a node holding it rejoins");
        }
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new JournalUnavailableException("journal of " + actor + " is unavailable: " + operation
                + " failed: " + root.getClass().getSimpleName() + ": " + root.getMessage(), t);
    }
}
