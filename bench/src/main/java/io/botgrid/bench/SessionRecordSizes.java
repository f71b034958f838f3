package io.botgrid.bench;

import com.google.protobuf.ByteString;
import io.botgrid.actor.ActorSettings;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.IdempotencyEntry;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.proto.v1.ReplyProduced;
import io.botgrid.proto.v1.ReplyTarget;
import io.botgrid.proto.v1.SessionDelivered;
import io.botgrid.proto.v1.SessionEvent;
import io.botgrid.proto.v1.SessionReceive;
import io.botgrid.proto.v1.SessionReply;
import io.botgrid.proto.v1.SessionSnapshot;
import io.botgrid.proto.v1.SnapshotRecord;
import io.botgrid.proto.v1.StoredTurn;
import java.util.UUID;

/**
 * The stored sizes behind the session snapshot interval ({@code bench/run.sh sizes}): a long Slack conversation's
 * snapshot (540 messages, as the Slack benchmark's conversations reach: its last 500 message ids, 50 turns and the
 * runtime's 256 remembered replies) and one message's journal records (the message; its reply, with the handled mark
 * and the remembered answer; the delivery report), built with the benchmark's id and text shapes. Protobuf sizes, no
 * node: what a snapshot costs against the journal it saves replaying.
 */
public final class SessionRecordSizes {
    private static final int MESSAGES = 540;
    private static final int REMEMBERED = ActorSettings.DEFAULT.idempotencyMaxKeys();
    private static final int KEPT_IDS = 500; // SessionBehavior.MAX_RECENT_IDS
    private static final int KEPT_TURNS = 50; // SessionBehavior.MAX_RECENT_TURNS

    private SessionRecordSizes() {
    }

    public static void main(String[] args) {
        long now = 1_765_150_000_000L;
        String channel = "C417";
        ReplyTarget target = ReplyTarget.newBuilder().setKind(ChannelKind.CHANNEL_KIND_SLACK).setChannel(channel)
                .build();
        SessionSnapshot.Builder state = SessionSnapshot.newBuilder().setUserId("U1").setLastActivityMillis(now)
                .setMessages(MESSAGES);
        long seq = 3L * MESSAGES; // three events per message
        SnapshotRecord.Builder snapshot = SnapshotRecord.newBuilder().setSeq(seq - 3).setTimestampMillis(now);
        String id = null;
        String text = null;
        ByteString answer = null;
        for (int i = 0; i < MESSAGES; i++) {
            id = "slack:" + channel + ":1765150" + String.format("%03d.%06d", i % 1000, 100_000 + i);
            text = "message " + (1_000_000 + i * 997);
            answer = SessionReply.newBuilder().setUserId("U1").setLastActivityMillis(now).setMessages(i + 1)
                    .setUndelivered(1).setAttemptId(UUID.randomUUID().toString()).build().toByteString();
            if (i >= MESSAGES - KEPT_IDS) {
                state.addRecentMessageIds(id);
            }
            if (i >= MESSAGES - KEPT_TURNS / 2) {
                state.addRecentTurns(StoredTurn.newBuilder().setText(text).setUserId("U1").setId(id).setAtMillis(now));
                state.addRecentTurns(StoredTurn.newBuilder().setBot(true).setText(text).setId(id + "/1")
                        .setAtMillis(now));
            }
            if (i >= MESSAGES - REMEMBERED) {
                snapshot.addRecentCalls(IdempotencyEntry.newBuilder().setKey("msg:" + id).setReply(answer)
                        .setTimestampMillis(now));
            }
        }
        SessionSnapshot built = state.build();
        snapshot.setState(built.toByteString());
        SessionReceive receive = SessionReceive.newBuilder().setMessageId(id).setUserId("U1").setText(text)
                .setReceivedAtMillis(now).setReplyTo(target).setAttemptId(UUID.randomUUID().toString()).build();
        int message = record(seq + 1, SessionEvent.newBuilder().setAtMillis(now).setReceived(receive).build(), null,
                null);
        int reply = record(seq + 2, SessionEvent.newBuilder().setAtMillis(now).setReply(ReplyProduced.newBuilder()
                .setReplyId(id + "/1").setText(text).setInReplyTo(id).setTarget(target)).setHandles(id).build(),
                "msg:" + id, answer);
        int delivery = record(seq + 3, SessionEvent.newBuilder().setAtMillis(now)
                .setDelivery(SessionDelivered.newBuilder().setReplyId(id + "/1")).build(), null, null);
        int journal = message + reply + delivery;
        int snapshotBytes = snapshot.build().getSerializedSize();
        Figures.count("sizes.session_state", built.getSerializedSize(), "bytes");
        Figures.count("sizes.session_snapshot", snapshotBytes, "bytes");
        Figures.count("sizes.journal_records_per_message", journal, "bytes");
        Figures.count("sizes.journal_record.message", message, "bytes");
        Figures.count("sizes.journal_record.reply", reply, "bytes");
        Figures.count("sizes.journal_record.delivery", delivery, "bytes");
        for (int every : new int[] {50, 200}) {
            double perMessage = snapshotBytes / (every / 3.0); // three events per message
            Figures.figure("sizes.snapshot_per_message.every_" + every, perMessage, "bytes");
            Figures.figure("sizes.snapshot_to_journal.every_" + every, perMessage / journal, "");
        }
    }

    private static int record(long seq, SessionEvent event, String key, ByteString answer) {
        JournalRecord.Builder r = JournalRecord.newBuilder().setSeq(seq).setTimestampMillis(event.getAtMillis())
                .setEvent(event.toByteString());
        if (key != null) {
            r.setIdempotencyKey(key).setReply(answer);
        }
        return r.build().getSerializedSize();
    }
}
