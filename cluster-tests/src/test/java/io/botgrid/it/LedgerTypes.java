package io.botgrid.it;

import io.botgrid.actor.ActorSettings;
import io.botgrid.actor.ActorTypes;
import java.time.Duration;
import java.util.function.Supplier;

/** The actor types of the cluster tests; a class so that node processes can make them too. */
public final class LedgerTypes implements Supplier<ActorTypes> {
    static final String LEDGER = "ledger";
    static final String SNAPSHOTTED = "ledger-snap";
    static final String SHORT_LIVED = "ledger-idle";

    @Override
    public ActorTypes get() {
        return ActorTypes.builder()
                .register(LEDGER, new Ledger(false), ActorSettings.DEFAULT.withSnapshotEvery(0))
                .register(SNAPSHOTTED, new Ledger(true), ActorSettings.DEFAULT.withSnapshotEvery(5))
                .register(SHORT_LIVED, new Ledger(false),
                        ActorSettings.DEFAULT.withPassivationIdle(Duration.ofMillis(300)))
                .build();
    }
}
