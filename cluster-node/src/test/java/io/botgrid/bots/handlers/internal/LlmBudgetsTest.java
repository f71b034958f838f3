package io.botgrid.bots.handlers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.bots.handlers.LlmTokenLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Budgets per bot: tokens per UTC day, requests per clock minute; refusals take nothing. */
class LlmBudgetsTest {
    private final AtomicLong now = new AtomicLong(Instant.parse("2026-01-01T23:59:00Z").toEpochMilli());
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void tokensPerDayStartAgainAtMidnightUtc() {
        LlmBudgets budgets = new LlmBudgets(clock, LlmTokenLedger.inMemory());
        OptionalLong day = OptionalLong.of(100);
        assertThat(budgets.take("a", day, OptionalLong.empty())).isEmpty();
        budgets.used("a", 120);
        assertThat(budgets.take("a", day, OptionalLong.empty())).contains(LlmBudgets.Spent.TOKENS_PER_DAY);
        assertThat(budgets.take("b", day, OptionalLong.empty())).as("per bot").isEmpty();
        now.addAndGet(60_000); // 00:00 UTC
        assertThat(budgets.take("a", day, OptionalLong.empty())).isEmpty();
    }

    @Test
    void requestsPerMinute() {
        LlmBudgets budgets = new LlmBudgets(clock, LlmTokenLedger.inMemory());
        OptionalLong two = OptionalLong.of(2);
        assertThat(budgets.take("a", OptionalLong.empty(), two)).isEmpty();
        assertThat(budgets.take("a", OptionalLong.empty(), two)).isEmpty();
        assertThat(budgets.take("a", OptionalLong.empty(), two)).isEqualTo(
                Optional.of(LlmBudgets.Spent.REQUESTS_PER_MINUTE));
        now.addAndGet(60_000);
        assertThat(budgets.take("a", OptionalLong.empty(), two)).isEmpty();
    }
}
