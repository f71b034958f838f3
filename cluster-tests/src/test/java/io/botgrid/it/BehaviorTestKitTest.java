package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.RejectionCode;
import io.botgrid.testkit.BehaviorTestKit;
import org.junit.jupiter.api.Test;

class BehaviorTestKitTest {

    @Test
    void runsCommandsAndReplaysThroughTheRealSerializers() {
        var kit = BehaviorTestKit.of(new Ledger(true), ActorId.of("ledger", "kit"));
        var first = kit.runCommand(cmd("append:a"));
        assertThat(first.events()).containsExactly(StringValue.of("a"));
        assertThat(first.reply().getValue()).isEqualTo("1");
        kit.runCommand(cmd("append:b"));
        assertThat(kit.runCommand(cmd("reject")).rejection()).isEqualTo("not today");
        assertThat(kit.runCommand(cmd("reject")).rejectionCode()).isEqualTo(RejectionCode.FAILED_PRECONDITION);
        assertThat(kit.runCommand(cmd("refuse:ALREADY_EXISTS")).rejectionCode())
                .isEqualTo(RejectionCode.ALREADY_EXISTS);
        assertThatThrownBy(() -> kit.runCommand(cmd("fail"))).hasMessage("boom");
        assertThat(kit.state().tags()).containsExactly("a", "b");

        assertThat(kit.restart().tags()).containsExactly("a", "b");
        assertThat(kit.restartFromSnapshot().tags()).containsExactly("a", "b");
        kit.runCommand(cmd("remind:r:10:0"));
        assertThat(kit.reminders()).containsKey("r");
        assertThat(kit.events()).extracting(StringValue::getValue).containsExactly("a", "b");
        assertThat(kit.runCommand(cmd("note:kit-c")).reply().getValue()).isEqualTo("3");
        assertThat(Ledger.SIDE_EFFECTS).as("side effects run, with the state after the event").contains("kit-c@3");
    }
}
