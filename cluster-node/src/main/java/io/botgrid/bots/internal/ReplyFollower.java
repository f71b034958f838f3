package io.botgrid.bots.internal;

import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.JournalReader;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.SessionEvent;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One subscriber following a session's replies: the replies among the session's journal events after a sequence
 * number, then new ones, each once and in order (the journal follow guarantees it for events; this keeps the
 * replies). It takes events as fast as they come (unbounded demand): the consumers only queue them.
 */
final class ReplyFollower implements BotsApi.Subscription, JournalReader.Subscriber {
    private final SessionKey session;
    private final Consumer<Reply> onReply;
    private final Consumer<Long> onCaughtUp;
    private final Consumer<Throwable> onError;
    private final long afterSeq;
    private long lastReply;
    private volatile JournalReader.Subscription follow;

    ReplyFollower(SessionKey session, long afterSeq, Consumer<Reply> onReply, Consumer<Long> onCaughtUp,
                  Consumer<Throwable> onError) {
        this.session = session;
        this.afterSeq = afterSeq;
        this.lastReply = afterSeq;
        this.onReply = onReply;
        this.onCaughtUp = onCaughtUp;
        this.onError = onError;
    }

    ReplyFollower start(JournalReader journal, Executor executor) {
        JournalReader.Subscription f = journal.follow(session.actorId(), afterSeq + 1, executor, this);
        follow = f;
        f.request(Long.MAX_VALUE);
        return this;
    }

    @Override
    public void onEntry(JournalEntry entry) {
        SessionEvent event = entry.event(SessionEvent.parser());
        if (event.hasReply()) {
            lastReply = entry.seq();
            onReply.accept(Reply.newBuilder().setReplyId(event.getReply().getReplyId())
                    .setText(event.getReply().getText()).setInReplyTo(event.getReply().getInReplyTo())
                    .setSeq(entry.seq()).setAt(Times.ofMillis(event.getAtMillis())).build());
        }
    }

    @Override
    public void onCaughtUp(long nextSeq) {
        onCaughtUp.accept(lastReply);
    }

    @Override
    public void onError(Throwable error) {
        onError.accept(error);
    }

    @Override
    public void close() {
        JournalReader.Subscription f = follow;
        if (f != null) {
            f.close();
        }
    }
}
