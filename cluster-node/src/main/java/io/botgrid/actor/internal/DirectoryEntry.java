package io.botgrid.actor.internal;

import java.util.UUID;

/**
 * One actor's entry in the activation directory: who holds it (node and local activation number, or nobody), the
 * owner epoch and the journal head.
 *
 * <p>The epoch goes up by one at every claim, so each activation of an actor has its own, larger than any before it;
 * the entry keeps it when released, so it never goes back. The journal head ({@code lastSeq}) is the last sequence
 * number an append reserved; an append checks the epoch and the head in one entry processor
 * ({@link ReserveAppend}), which is what makes "a stale owner can never write" atomic. Stored as a short string so
 * that the cache value stays a plain type across versions; an entry written before epochs existed ({@code node#no})
 * reads as epoch 0, head 0.
 */
record DirectoryEntry(UUID holder, long activationNo, long epoch, long lastSeq) {
    private static final String NOBODY = "-";

    static DirectoryEntry held(UUID holder, long activationNo, long epoch, long lastSeq) {
        return new DirectoryEntry(holder, activationNo, epoch, lastSeq);
    }

    boolean isHeld() {
        return holder != null;
    }

    boolean isHeldBy(UUID node, long no) {
        return node.equals(holder) && no == activationNo;
    }

    DirectoryEntry released() {
        return new DirectoryEntry(null, 0, epoch, lastSeq);
    }

    DirectoryEntry withLastSeq(long seq) {
        return new DirectoryEntry(holder, activationNo, epoch, seq);
    }

    String format() {
        return (holder == null ? NOBODY : holder.toString()) + "#" + activationNo + "#" + epoch + "#" + lastSeq;
    }

    static DirectoryEntry parse(String s) {
        String[] parts = s.split("#");
        UUID holder = parts[0].equals(NOBODY) ? null : UUID.fromString(parts[0]);
        long no = Long.parseLong(parts[1]);
        long epoch = parts.length > 2 ? Long.parseLong(parts[2]) : 0;
        long lastSeq = parts.length > 3 ? Long.parseLong(parts[3]) : 0;
        return new DirectoryEntry(holder, no, epoch, lastSeq);
    }

    /**
     * The epoch of an entry as stored, without parsing the rest (what {@link #parse} reads, 0 for an entry written
     * before epochs): for the fences that run on every append ({@link ReserveAppend}; {@link FencedAppend}, which
     * {@code JournalWriteBench} measures).
     */
    static long epochOf(String s) {
        int first = s.indexOf('#');
        int second = s.indexOf('#', first + 1);
        if (second < 0) {
            return 0;
        }
        int third = s.indexOf('#', second + 1);
        return Long.parseLong(s, second + 1, third < 0 ? s.length() : third, 10);
    }

    /** The journal head of an entry as stored, without parsing the rest (what {@link #parse} reads). */
    static long lastSeqOf(String s) {
        int third = headSeparator(s);
        if (third < 0) {
            return 0;
        }
        int fourth = s.indexOf('#', third + 1);
        return Long.parseLong(s, third + 1, fourth < 0 ? s.length() : fourth, 10);
    }

    /**
     * The stored entry {@code s} with its journal head set to {@code seq}: the same string as
     * {@code parse(s).withLastSeq(seq).format()} for every entry {@link #format} wrote, made by replacing the head's
     * digits instead of parsing and formatting the holder's UUID (the append fence does this on every append).
     */
    static String withLastSeq(String s, long seq) {
        int third = headSeparator(s);
        if (third < 0 || s.indexOf('#', third + 1) >= 0) {
            return parse(s).withLastSeq(seq).format(); // an entry from before epochs: written in full
        }
        return s.substring(0, third + 1).concat(Long.toString(seq));
    }

    /** Where the '#' before the journal head is, or -1 if the entry has no head (one from before epochs). */
    private static int headSeparator(String s) {
        int first = s.indexOf('#');
        int second = first < 0 ? -1 : s.indexOf('#', first + 1);
        return second < 0 ? -1 : s.indexOf('#', second + 1);
    }
}
