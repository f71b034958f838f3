package io.botgrid.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.actor.ErrorCode;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A completed append is acknowledged only if no server node of its topology left and its side is a majority. */
class AckGuardTest {
    private static final UUID N1 = UUID.randomUUID();
    private static final UUID N2 = UUID.randomUUID();
    private static final UUID N3 = UUID.randomUUID();

    private final AtomicLong version = new AtomicLong(3);
    private final AtomicBoolean majority = new AtomicBoolean(true);
    private final Map<Long, Map<UUID, Object>> history = new HashMap<>();
    private final AtomicBoolean answered = new AtomicBoolean(true);
    private final AckGuard guard = new AckGuard(version::get, history::get, majority::get,
            () -> CompletableFuture.completedFuture(answered.get()));

    AckGuardTest() {
        history.put(3L, Map.of(N1, "node-1", N2, "node-2", N3, "node-3"));
    }

    @Test
    void anAppendInAnUnchangedMajorityTopologyIsAcknowledged() {
        long opened = guard.open();
        assertThat(guard.why(opened)).isNull();
    }

    @Test
    void anAppendDuringWhichANodeLeftIsNotAcknowledged() {
        long opened = guard.open();
        history.put(4L, Map.of(N1, "node-1", N3, "node-3"));
        version.set(4);
        assertThat(guard.why(opened)).contains("[node-2]").contains("left the topology");
        assertThat(AckGuard.refusal(guard.why(opened), "ledger/a", 7).code()).isEqualTo(ErrorCode.CLUSTER_UNAVAILABLE);
        assertThat(AckGuard.refusal(guard.why(opened), "ledger/a", 7).getMessage())
                .contains("ledger/a from #7").contains("not acknowledged");
    }

    @Test
    void aNodeJoiningMeanwhileDoesNotMatter() {
        long opened = guard.open();
        history.put(4L, Map.of(N1, "node-1", N2, "node-2", N3, "node-3", UUID.randomUUID(), "node-4"));
        version.set(4);
        assertThat(guard.why(opened)).isNull();
    }

    @Test
    void aNodeThatLeftAndCameBackMeanwhileStillCounts() {
        long opened = guard.open();
        history.put(5L, Map.of(N1, "node-1", N2, "node-2", UUID.randomUUID(), "node-3"));
        version.set(5);
        assertThat(guard.why(opened)).contains("[node-3]");
    }

    @Test
    void anUnknownPastTopologyIsNotAcknowledged() {
        long opened = guard.open();
        version.set(9);
        assertThat(guard.why(opened)).contains("(unknown)");
    }

    @Test
    void anAppendOnASideThatLostItsMajorityIsNotAcknowledged() {
        long opened = guard.open();
        history.put(4L, Map.of(N1, "node-1", N2, "node-2", N3, "node-3", UUID.randomUUID(), "node-4"));
        version.set(4);
        majority.set(false);
        assertThat(guard.why(opened)).contains("lost its majority");
    }

    @Test
    void anAppendThatNoMajorityAnsweredAfterIsNotAcknowledgedEvenInAnUnchangedTopology() {
        long opened = guard.open();
        answered.set(false);
        assertThat(guard.verdict(opened)).isCompletedWithValueMatching(why -> why.contains("no majority"));
    }

    @Test
    void anAppendThatAMajorityAnsweredAfterIsStillCheckedForDepartures() {
        long opened = guard.open();
        assertThat(guard.verdict(opened)).isCompletedWithValue(null);
        history.put(4L, Map.of(N1, "node-1", N3, "node-3"));
        version.set(4);
        assertThat(guard.verdict(opened)).isCompletedWithValueMatching(why -> why.contains("[node-2]"));
    }
}
