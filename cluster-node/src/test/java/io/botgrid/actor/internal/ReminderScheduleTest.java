package io.botgrid.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReminderScheduleTest {

    @Test
    void missedTicksCollapseIntoOneAndTheNextIsOnTheGrid() {
        // due at 1,000 every 400; the cluster was down until 10,000: one firing now, next at 10,200
        long next = ReminderService.nextDue(1_000, 400, 10_000);
        assertThat(next).isEqualTo(10_200).isGreaterThan(10_000);
        assertThat((next - 1_000) % 400).isZero();
    }

    @Test
    void onTimeTickMovesOnePeriod() {
        assertThat(ReminderService.nextDue(1_000, 400, 1_000)).isEqualTo(1_400);
        assertThat(ReminderService.nextDue(1_000, 400, 1_399)).isEqualTo(1_400);
        assertThat(ReminderService.nextDue(1_000, 400, 900)).isEqualTo(1_400);
    }
}
