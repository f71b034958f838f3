package io.botgrid.it;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.JournalReader;
import java.util.Collection;
import java.util.Map;

/** What tests in other packages may use of this package's test actors and checks. */
public final class ItSupport {
    public static final String LEDGER = LedgerTypes.LEDGER;

    private ItSupport() {
    }

    public static ActorTypes ledgerTypes() {
        return new LedgerTypes().get();
    }

    public static void assertExactlyOnce(JournalReader journal,
                                         Map<ActorId, ? extends Collection<String>> acknowledged) {
        JournalCheck.assertExactlyOnce(journal, acknowledged);
    }
}
