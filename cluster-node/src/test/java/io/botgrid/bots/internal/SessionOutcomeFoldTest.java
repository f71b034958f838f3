package io.botgrid.bots.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.MessageHandled;
import io.botgrid.proto.v1.ReplyProduced;
import io.botgrid.proto.v1.ReplyTarget;
import io.botgrid.proto.v1.SessionEvent;
import io.botgrid.proto.v1.SessionReceive;
import io.botgrid.proto.v1.SessionSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A message answered in the turn that stores it is appended as its {@code received} event and its replies, the last
 * one marked as handling the message, without a {@code handled} event of its own: the state folded from those events
 * is the one the events written before gave, and an append cut short by a crash (the journal replays a prefix of it)
 * leaves the message waiting, never handled without its replies. An error keeps its {@code handled} event.
 */
class SessionOutcomeFoldTest {
    private static final ReplyTarget SLACK = ReplyTarget.newBuilder().setKind(ChannelKind.CHANNEL_KIND_SLACK)
            .setChannel("C1").build();
    private final SessionBehavior session = new SessionBehavior(null);

    @Test
    void aSuccessfulOutcomeIsFoldedIntoTheMessageAndLeavesTheSameState() {
        SessionEvent received = received("m1");
        List<SessionEvent> outcome = List.of(reply("m1"), handled("m1", ""));

        List<SessionEvent> folded = SessionBehavior.withOutcome(received, outcome);

        assertThat(folded).hasSize(2);
        assertThat(folded.get(0).getHandles()).isEmpty();
        assertThat(folded.get(1).hasReply()).isTrue();
        assertThat(folded.get(1).getHandles()).as("the last event marks the message handled").isEqualTo("m1");
        SessionSnapshot written = fold(folded);
        assertThat(written.getPendingCount()).as("nothing waits").isZero();
        assertThat(written.getUndeliveredCount()).isEqualTo(1);
        assertThat(written.getMessages()).isEqualTo(1);
        assertThat(written.getRecentMessageIdsList()).containsExactly("m1");
        SessionSnapshot unfolded = fold(List.of(received, reply("m1"), handled("m1", "")));
        assertThat(written).as("the same state as the events written before").isEqualTo(unfolded);
    }

    @Test
    void anAppendCutShortLeavesTheMessageWaiting() {
        List<SessionEvent> folded = SessionBehavior.withOutcome(received("m4"),
                List.of(reply("m4"), SessionEvent.newBuilder(reply("m4")).setReply(
                        reply("m4").getReply().toBuilder().setReplyId("m4/2")).build(), handled("m4", "")));

        assertThat(folded).hasSize(3);
        for (int kept = 1; kept < folded.size(); kept++) {
            assertThat(fold(folded.subList(0, kept)).getPendingList()).as("replayed up to event %d", kept)
                    .extracting(SessionReceive::getMessageId).containsExactly("m4");
        }
        assertThat(fold(folded).getPendingCount()).isZero();
        assertThat(fold(folded).getUndeliveredCount()).isEqualTo(2);
    }

    @Test
    void anOutcomeWithoutRepliesMarksTheMessageItself() {
        List<SessionEvent> folded = SessionBehavior.withOutcome(received("m5"), List.of(handled("m5", "")));

        assertThat(folded).hasSize(1);
        assertThat(folded.get(0).getHandles()).isEqualTo("m5");
        assertThat(fold(folded).getPendingCount()).isZero();
        assertThat(fold(folded).getRecentMessageIdsList()).containsExactly("m5");
    }

    @Test
    void anErrorKeepsItsHandledEvent() {
        List<SessionEvent> folded = SessionBehavior.withOutcome(received("m2"),
                List.of(handled("m2", "bot b1 is paused")));

        assertThat(folded).hasSize(2);
        assertThat(folded).allMatch(e -> e.getHandles().isEmpty());
        assertThat(folded.get(1).getHandled().getError()).isEqualTo("bot b1 is paused");
        assertThat(fold(folded).getPendingCount()).isZero();
    }

    @Test
    void aMessageStoredAloneWaits() {
        assertThat(fold(List.of(received("m3"))).getPendingList()).extracting(SessionReceive::getMessageId)
                .containsExactly("m3");
    }

    private SessionSnapshot fold(List<SessionEvent> events) {
        SessionSnapshot state = SessionSnapshot.getDefaultInstance();
        for (SessionEvent e : events) {
            state = session.apply(state, e);
        }
        return state;
    }

    private static SessionEvent received(String id) {
        return SessionEvent.newBuilder().setAtMillis(1_000).setReceived(SessionReceive.newBuilder().setMessageId(id)
                .setUserId("U1").setText("hello").setReceivedAtMillis(1_000).setReplyTo(SLACK)).build();
    }

    private static SessionEvent reply(String id) {
        return SessionEvent.newBuilder().setAtMillis(1_000).setReply(ReplyProduced.newBuilder().setReplyId(id + "/1")
                .setText("hello").setInReplyTo(id).setTarget(SLACK)).build();
    }

    private static SessionEvent handled(String id, String error) {
        return SessionEvent.newBuilder().setAtMillis(1_000).setHandled(MessageHandled.newBuilder().setMessageId(id)
                .setError(error)).build();
    }
}
