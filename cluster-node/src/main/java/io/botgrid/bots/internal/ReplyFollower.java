package io.botgrid.bots.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.internal.JournalTail;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.SessionEvent;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.ignite.Ignite;

/**
 * One subscriber following a session's replies: the replies among the session's journal records after a sequence
 * number, then new ones, each once and in order (the journal tail guarantees it for records; this keeps the replies).
 */
final class ReplyFollower implements BotsApi.Subscription, JournalTail.Sink {
    private final SessionKey session;
    private final Consumer<Reply> onReply;
    private final Consumer<Long> onCaughtUp;
    private final Consumer<Throwable> onError;
    private final long afterSeq;
    private long lastReply;
    private volatile JournalTail tail;

    ReplyFollower(SessionKey session, long afterSeq, Consumer<Reply> onReply, Consumer<Long> onCaughtUp,
                  Consumer<Throwable> onError) {
        this.session = session;
        this.afterSeq = afterSeq;
        this.lastReply = afterSeq;
        this.onReply = onReply;
        this.onCaughtUp = onCaughtUp;
        this.onError = onError;
    }

    ReplyFollower start(Ignite ignite, Executor executor) {
        tail = JournalTail.start(ignite, session.actorId().asString(), afterSeq + 1, executor, this);
        return this;
    }

    @Override
    public void record(long seq, byte[] bytes) {
        SessionEvent event;
        try {
            event = SessionEvent.parseFrom(JournalRecord.parseFrom(bytes).getEvent());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("event #" + seq + " of session " + session.actorKey()
                    + " does not parse", e);
        }
        if (event.hasReply()) {
            lastReply = seq;
            onReply.accept(Reply.newBuilder().setReplyId(event.getReply().getReplyId())
                    .setText(event.getReply().getText()).setInReplyTo(event.getReply().getInReplyTo())
                    .setSeq(seq).setAt(Times.ofMillis(event.getAtMillis())).build());
        }
    }

    @Override
    public void caughtUp(long nextSeq) {
        onCaughtUp.accept(lastReply);
    }

    @Override
    public void failed(Throwable error) {
        onError.accept(error);
    }

    @Override
    public void close() {
        JournalTail t = tail;
        if (t != null) {
            t.close();
        }
    }
}
