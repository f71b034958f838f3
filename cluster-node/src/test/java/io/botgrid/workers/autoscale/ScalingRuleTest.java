package io.botgrid.workers.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.workers.AutoscalePolicy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule alone, on hand-made signals and a hand-moved time. */
class ScalingRuleTest {
    private static final long S = 1_000_000_000L;
    private static final long MS100 = 100_000_000L;
    private static final AutoscalePolicy POLICY = AutoscalePolicy.DEFAULT.withTargetBacklog(10)
            .withCooldown(Duration.ofSeconds(2)).withMaxStep(2).withHysteresis(0.5)
            .withScaleDownAfter(Duration.ofSeconds(5));

    private static StageSignals signals(int instances, int backlog, double growth, double throughput) {
        return new StageSignals(instances, backlog, growth, throughput, MS100, MS100, (long) throughput);
    }

    @Test
    void overTheBacklogTargetItScalesTowardsTheNeedBoundedByTheStep() {
        ScalingRule.Memory m = new ScalingRule.Memory();
        // 10/s handled, +15/s piling up, 20 over target drained in 2 s: 35/s x 100 ms = 4 instances needed
        Optional<ScalingRule.Result> r = ScalingRule.decide(POLICY, 1, 10, 1, signals(1, 30, 15, 10), m, 10 * S);
        assertThat(r).hasValueSatisfying(res -> {
            assertThat(res.action()).isEqualTo(ScalingDecision.Action.UP);
            assertThat(res.needed()).isEqualTo(4);
            assertThat(res.to()).isEqualTo(3); // step limit 2
            assertThat(res.reason()).startsWith("backlog 30 > target 10");
        });
        // within the cool-down nothing moves, however high the backlog
        assertThat(ScalingRule.decide(POLICY, 1, 10, 3, signals(3, 90, 5, 30), m, 11 * S)).isEmpty();
        // after it, up again
        assertThat(ScalingRule.decide(POLICY, 1, 10, 3, signals(3, 90, 5, 30), m, 12 * S))
                .hasValueSatisfying(res -> assertThat(res.to()).isEqualTo(5));
    }

    @Test
    void aSmallExcessAddsOneInstanceNotTheMax() {
        ScalingRule.Memory m = new ScalingRule.Memory();
        assertThat(ScalingRule.decide(POLICY, 1, 50, 2, signals(2, 11, 0, 20), m, 0))
                .hasValueSatisfying(res -> assertThat(res.to()).isEqualTo(3));
    }

    @Test
    void atMaxItHoldsOnceAndSaysSo() {
        ScalingRule.Memory m = new ScalingRule.Memory();
        Optional<ScalingRule.Result> first = ScalingRule.decide(POLICY, 1, 4, 4, signals(4, 50, 0, 40), m, 0);
        assertThat(first).hasValueSatisfying(res -> {
            assertThat(res.action()).isEqualTo(ScalingDecision.Action.HOLD);
            assertThat(res.to()).isEqualTo(4);
            assertThat(res.reason()).contains("at maxInstances 4");
        });
        assertThat(ScalingRule.decide(POLICY, 1, 4, 4, signals(4, 50, 0, 40), m, S)).isEmpty();
    }

    @Test
    void latencyOverItsTargetScalesUpEvenWithASmallBacklog() {
        AutoscalePolicy p = POLICY.withTargetLatency(Duration.ofMillis(50));
        StageSignals slow = new StageSignals(2, 3, 0, 20, 20_000_000L, 80_000_000L, 20);
        assertThat(ScalingRule.decide(p, 1, 10, 2, slow, new ScalingRule.Memory(), 0))
                .hasValueSatisfying(res -> {
                    assertThat(res.action()).isEqualTo(ScalingDecision.Action.UP);
                    assertThat(res.reason()).startsWith("latency 80.0 ms > target 50 ms");
                });
    }

    @Test
    void itScalesDownOnlyAfterStayingUnderForScaleDownAfterAndOnlyToWhatKeepsHeadroom() {
        ScalingRule.Memory m = new ScalingRule.Memory();
        // 25/s x 100 ms = 2.5 busy instances: at most 50 % busy needs 5, so 5 stays
        for (int t = 0; t < 20; t++) {
            assertThat(ScalingRule.decide(POLICY, 1, 10, 5, signals(5, 0, 0, 25), m, t * S)).isEmpty();
        }
        // the load halves: 3 keep 12.5/s at most 50 % busy; first under at t=20, so not before t=25
        for (int t = 20; t < 25; t++) {
            assertThat(ScalingRule.decide(POLICY, 1, 10, 5, signals(5, 0, 0, 12.5), m, t * S)).isEmpty();
        }
        assertThat(ScalingRule.decide(POLICY, 1, 10, 5, signals(5, 0, 0, 12.5), m, 25 * S))
                .hasValueSatisfying(res -> {
                    assertThat(res.action()).isEqualTo(ScalingDecision.Action.DOWN);
                    assertThat(res.to()).isEqualTo(3);
                    assertThat(res.reason()).startsWith("under targets for 5000 ms");
                });
    }

    @Test
    void inTheHysteresisBandNothingMoves() {
        ScalingRule.Memory m = new ScalingRule.Memory();
        // backlog 8: not over 10, not under 5; no load
        for (int t = 0; t < 60; t++) {
            assertThat(ScalingRule.decide(POLICY, 1, 10, 4, signals(4, 8, 0, 0), m, t * S)).isEmpty();
        }
    }

    @Test
    void downStepsAreBoundedAndStopAtMin() {
        ScalingRule.Memory m = new ScalingRule.Memory();
        int n = 7;
        int changes = 0;
        for (int t = 0; t < 60; t++) {
            Optional<ScalingRule.Result> r = ScalingRule.decide(POLICY, 2, 10, n, signals(n, 0, 0, 0), m, t * S);
            if (r.isPresent()) {
                assertThat(n - r.get().to()).isBetween(1, 2);
                n = r.get().to();
                changes++;
            }
        }
        assertThat(n).isEqualTo(2);
        assertThat(changes).isEqualTo(3); // 7 -> 5 -> 3 -> 2, cool-down apart
    }
}
