package io.botgrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.JournalReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads an actor's journal through a node's {@link JournalReader} and checks the invariants every test relies on. */
final class JournalCheck {
    private JournalCheck() {
    }

    /**
     * Writes a journal record as another writer would (a stale twin), behind the live activation's back. It uses the
     * runtime's journal key (actor, seq) through Ignite's binary API, so tests need none of the runtime's classes.
     */
    static void writeBehindTheActorsBack(org.apache.ignite.Ignite ignite, ActorId id, long seq, String event) {
        io.botgrid.proto.v1.JournalRecord record = io.botgrid.proto.v1.JournalRecord.newBuilder().setSeq(seq)
                .setEvent(StringValue.of(event).toByteString()).setTimestampMillis(1).build();
        org.apache.ignite.binary.BinaryObject key = ignite.binary().builder("io.botgrid.actor.internal.JournalKey")
                .setField("actor", id.asString()).setField("seq", seq).build();
        ignite.<org.apache.ignite.binary.BinaryObject, byte[]>cache("botgrid-journal").withKeepBinary()
                .put(key, record.toByteArray());
    }

    /** The events of the actor in sequence order, failing on a gap (a record after a missing one). */
    static List<String> events(JournalReader journal, ActorId id) {
        List<String> out = new ArrayList<>();
        long seq = 1;
        while (true) {
            List<JournalEntry> page = journal.read(id, seq, 100);
            for (JournalEntry e : page) {
                assertThat(e.seq()).isEqualTo(seq);
                out.add(e.event(StringValue.parser()).getValue());
                seq++;
            }
            if (page.size() < 100) {
                break;
            }
        }
        for (long after = seq + 1; after < seq + 20; after++) {
            assertThat(journal.read(id, after, 1)).as("no event after the gap at %s#%d", id, seq).isEmpty();
        }
        return out;
    }

    /**
     * Every acknowledged tag is in the journal exactly once, and no tag appears twice: nothing acknowledged was
     * lost and nothing was applied twice.
     */
    static void assertExactlyOnce(JournalReader journal, Map<ActorId, ? extends Collection<String>> acknowledged) {
        for (Map.Entry<ActorId, ? extends Collection<String>> e : acknowledged.entrySet()) {
            List<String> events = events(journal, e.getKey());
            Set<String> unique = new HashSet<>(events);
            assertThat(unique).as("no duplicate event in %s", e.getKey()).hasSameSizeAs(events);
            assertThat(unique).as("acknowledged events of %s", e.getKey()).containsAll(e.getValue());
        }
    }
}
