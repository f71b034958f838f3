package io.botgrid.bots.internal;

import io.botgrid.bots.platform.BotApiException;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.JournalReader;
import io.botgrid.proto.v1.GetHistoryResponse;
import io.botgrid.proto.v1.HistoryTurn;
import io.botgrid.proto.v1.SessionEvent;
import io.botgrid.proto.v1.SessionReceive;
import java.util.List;

/**
 * A session's conversation history, read from its journal through the public {@link JournalReader} port (never
 * through the session actor, so reading history neither activates the session nor waits behind its turns). Page
 * tokens are journal sequence numbers.
 */
final class HistoryReader {
    private static final int READ_BATCH = 128;

    private final JournalReader journal;

    HistoryReader(JournalReader journal) {
        this.journal = journal;
    }

    /** The sequence number a page token stands for; 1 for no token. */
    static long firstSeq(String pageToken) {
        if (pageToken.isEmpty()) {
            return 1;
        }
        long from;
        try {
            from = Long.parseLong(pageToken);
        } catch (NumberFormatException e) {
            from = -1;
        }
        if (from < 1) {
            throw BotApiException.invalid("page_token '" + pageToken + "' is not one this API gave");
        }
        return from;
    }

    /**
     * Reads up to {@code size} turns of the session's journal (all of its history, less what journal retention
     * removed) from {@code from} on.
     */
    GetHistoryResponse read(SessionKey key, long from, int size) {
        GetHistoryResponse.Builder response = GetHistoryResponse.newBuilder();
        long seq = from;
        while (true) {
            List<JournalEntry> page;
            try {
                page = journal.read(key.actorId(), seq, READ_BATCH);
            } catch (io.botgrid.actor.EventsRemovedException removed) {
                if (removed.firstAvailableSeq() <= seq) {
                    return response.build();
                }
                seq = removed.firstAvailableSeq(); // journal retention removed the oldest turns: what is left
                continue;
            }
            for (JournalEntry entry : page) {
                if (response.getTurnsCount() == size) {
                    return response.setNextPageToken(Long.toString(entry.seq())).build();
                }
                seq = entry.seq() + 1;
                HistoryTurn turn = turnOf(entry);
                if (turn != null) {
                    response.addTurns(turn);
                }
            }
            if (page.size() < READ_BATCH) {
                return response.build(); // the end of the journal
            }
        }
    }

    private static HistoryTurn turnOf(JournalEntry entry) {
        long seq = entry.seq();
        SessionEvent event = entry.event(SessionEvent.parser());
        if (event.hasReceived()) {
            SessionReceive m = event.getReceived();
            return HistoryTurn.newBuilder().setRole(HistoryTurn.Role.ROLE_USER).setText(m.getText())
                    .setUserId(m.getUserId()).setId(m.getMessageId()).setSeq(seq)
                    .setAt(Times.ofMillis(m.getReceivedAtMillis())).build();
        }
        if (event.hasReply()) {
            return HistoryTurn.newBuilder().setRole(HistoryTurn.Role.ROLE_BOT).setText(event.getReply().getText())
                    .setId(event.getReply().getReplyId()).setSeq(seq).setAt(Times.ofMillis(event.getAtMillis()))
                    .build();
        }
        return null;
    }
}
