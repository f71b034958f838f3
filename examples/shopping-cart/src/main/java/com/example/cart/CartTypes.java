package com.example.cart;

import io.botgrid.actor.ActorSettings;
import io.botgrid.actor.ActorTypeProvider;
import io.botgrid.actor.ActorTypes;
import java.time.Duration;

/**
 * Registers the cart's actor type. A node finds this class through
 * {@code META-INF/services/io.botgrid.actor.ActorTypeProvider} when this jar is in its plugins folder; a main of
 * your own or a test calls {@link #actorTypes()}.
 */
public final class CartTypes implements ActorTypeProvider {
    /** Carts are idle most of the time: passivate after 10 minutes; snapshot every 100 events. */
    static final ActorSettings SETTINGS = ActorSettings.DEFAULT.withPassivationIdle(Duration.ofMinutes(10))
            .withSnapshotEvery(100);

    @Override
    public void register(ActorTypes.Builder types) {
        types.register(CartBehavior.TYPE, new CartBehavior(), SETTINGS);
    }

    /** The cart type alone, for a node or test cluster built in code. */
    public static ActorTypes actorTypes() {
        ActorTypes.Builder types = ActorTypes.builder();
        new CartTypes().register(types);
        return types.build();
    }
}
