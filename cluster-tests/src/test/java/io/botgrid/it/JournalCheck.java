package io.botgrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.internal.JournalKey;
import io.botgrid.actor.internal.Stores;
import io.botgrid.proto.v1.JournalRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

/** Reads an actor's journal straight from Ignite and checks the invariants every test relies on. */
final class JournalCheck {
    private JournalCheck() {
    }

    /** The events of the actor in sequence order, failing on a gap (a record after a missing one). */
    static List<String> events(Ignite ignite, ActorId id) {
        IgniteCache<JournalKey, byte[]> journal = Stores.journal(ignite);
        List<String> out = new ArrayList<>();
        long seq = 1;
        while (true) {
            byte[] bytes = journal.get(new JournalKey(id.asString(), seq));
            if (bytes == null) {
                break;
            }
            try {
                JournalRecord r = JournalRecord.parseFrom(bytes);
                assertThat(r.getSeq()).isEqualTo(seq);
                out.add(StringValue.parseFrom(r.getEvent()).getValue());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("journal record " + id + "#" + seq + " does not parse", e);
            }
            seq++;
        }
        for (long after = seq + 1; after < seq + 20; after++) {
            assertThat(journal.get(new JournalKey(id.asString(), after)))
                    .as("no event after the gap at %s#%d", id, seq).isNull();
        }
        return out;
    }

    /**
     * Every acknowledged tag is in the journal exactly once, and no tag appears twice: nothing acknowledged was
     * lost and nothing was applied twice.
     */
    static void assertExactlyOnce(Ignite ignite, Map<ActorId, ? extends Collection<String>> acknowledged) {
        for (Map.Entry<ActorId, ? extends Collection<String>> e : acknowledged.entrySet()) {
            List<String> events = events(ignite, e.getKey());
            Set<String> unique = new HashSet<>(events);
            assertThat(unique).as("no duplicate event in %s", e.getKey()).hasSameSizeAs(events);
            assertThat(unique).as("acknowledged events of %s", e.getKey()).containsAll(e.getValue());
        }
    }
}
