package io.botgrid.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.cache.processor.MutableEntry;
import org.junit.jupiter.api.Test;

/**
 * The append fence reads and moves the journal head of a stored directory entry without parsing it whole: what it
 * reads and the string it stores must be exactly what {@link DirectoryEntry#parse} and {@link DirectoryEntry#format}
 * give, for entries of every age.
 */
class DirectoryEntryTest {
    private static final UUID HOLDER = UUID.fromString("3f2c5a9e-0d1b-4c7e-9a6f-1b2c3d4e5f60");

    @Test
    void theHeadIsReadAndMovedAsParseAndFormatWould() {
        for (DirectoryEntry e : new DirectoryEntry[] {
            DirectoryEntry.held(HOLDER, 7, 3, 41), DirectoryEntry.held(HOLDER, 1, 1, 0),
            DirectoryEntry.held(HOLDER, 12, 9_000_000_000L, Long.MAX_VALUE - 5), DirectoryEntry.held(HOLDER, 2, 4, 9)
                    .released()}) {
            String stored = e.format();
            assertThat(DirectoryEntry.epochOf(stored)).isEqualTo(e.epoch());
            assertThat(DirectoryEntry.lastSeqOf(stored)).isEqualTo(e.lastSeq());
            for (long seq : new long[] {0, 5, 42, 100, 1_000_000_007L}) {
                assertThat(DirectoryEntry.withLastSeq(stored, seq)).isEqualTo(e.withLastSeq(seq).format());
            }
        }
    }

    @Test
    void anEntryFromBeforeEpochsReadsAsEpochZeroHeadZeroAndIsWrittenInFull() {
        String legacy = HOLDER + "#3";
        assertThat(DirectoryEntry.epochOf(legacy)).isZero();
        assertThat(DirectoryEntry.lastSeqOf(legacy)).isZero();
        assertThat(DirectoryEntry.withLastSeq(legacy, 4)).isEqualTo(HOLDER + "#3#0#4");
        String withoutHead = HOLDER + "#3#2";
        assertThat(DirectoryEntry.lastSeqOf(withoutHead)).isZero();
        assertThat(DirectoryEntry.withLastSeq(withoutHead, 4)).isEqualTo(HOLDER + "#3#2#4");
    }

    @Test
    void reserveAppendMovesTheHeadOnlyForTheOwnerEpochAtTheExpectedHead() {
        Entry entry = new Entry(DirectoryEntry.held(HOLDER, 7, 3, 41).format());
        assertThat(new ReserveAppend(3, 41, 2).process(entry)).isNull();
        assertThat(entry.value).isEqualTo(DirectoryEntry.held(HOLDER, 7, 3, 43).format());

        assertThat(new ReserveAppend(2, 43, 1).process(entry))
                .isEqualTo("its owner epoch is 3, this activation's is 2");
        assertThat(new ReserveAppend(3, 41, 1).process(entry))
                .isEqualTo("its journal head is #43, this activation expected #41");
        assertThat(entry.value).isEqualTo(DirectoryEntry.held(HOLDER, 7, 3, 43).format());

        assertThat(new ReserveAppend(3, 0, 1).process(new Entry(null))).isEqualTo("no activation holds it");
    }

    /** A directory entry as an entry processor sees it. */
    private static final class Entry implements MutableEntry<String, String> {
        String value;

        Entry(String value) {
            this.value = value;
        }

        @Override
        public boolean exists() {
            return value != null;
        }

        @Override
        public void remove() {
            value = null;
        }

        @Override
        public void setValue(String value) {
            this.value = value;
        }

        @Override
        public String getKey() {
            return "type/key";
        }

        @Override
        public String getValue() {
            return value;
        }

        @Override
        public <T> T unwrap(Class<T> clazz) {
            throw new IllegalArgumentException("not an Ignite entry");
        }
    }
}
