package io.botgrid.actor;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.util.Objects;

/**
 * One persisted event of an actor, as its journal holds it: the sequence number (1, 2, 3 … with no gaps), the
 * event serialised by the actor type's event message, and the wall-clock time of the append.
 *
 * <p>A value, so that readers outside the runtime never see how the journal stores it.
 *
 * @param seq             position in the actor's journal, from 1
 * @param event           the event's Protobuf bytes (parse with the type's event parser, see {@link #event(Parser)})
 * @param timestampMillis when the turn that persisted it was appended, epoch milliseconds
 */
public record JournalEntry(long seq, ByteString event, long timestampMillis) {
    public JournalEntry {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, got " + seq);
        }
        Objects.requireNonNull(event, "event");
    }

    /**
     * The event parsed with {@code parser}.
     *
     * @throws UnreadableEventException if the bytes are not a {@code E}
     */
    public <E> E event(Parser<E> parser) {
        try {
            return parser.parseFrom(event);
        } catch (InvalidProtocolBufferException e) {
            throw new UnreadableEventException("event #" + seq + " does not parse: " + e.getMessage(), e);
        }
    }
}
