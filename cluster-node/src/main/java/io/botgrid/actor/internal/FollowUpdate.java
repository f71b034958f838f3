package io.botgrid.actor.internal;

import java.util.List;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteRunnable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Tells a node's {@link FollowRegistry} that node {@code follower} now follows (or no longer follows) some actors;
 * broadcast to every server node by {@link JournalFeed} and waited for, so that every write after it is judged by
 * the new registration.
 */
final class FollowUpdate implements IgniteRunnable {
    private static final long serialVersionUID = 1L;

    private final UUID follower;
    private final List<String> actors;
    private final boolean follows;
    @IgniteInstanceResource
    private transient Ignite ignite;

    FollowUpdate(UUID follower, List<String> actors, boolean follows) {
        this.follower = follower;
        this.actors = List.copyOf(actors);
        this.follows = follows;
    }

    @Override
    public void run() {
        FollowRegistry registry = FollowRegistry.of(ignite);
        if (follows) {
            registry.add(follower, actors);
        } else {
            registry.remove(follower, actors);
        }
    }
}
