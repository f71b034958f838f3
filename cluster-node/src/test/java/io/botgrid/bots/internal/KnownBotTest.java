package io.botgrid.bots.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.proto.v1.BotRecord;
import org.junit.jupiter.api.Test;

/** The outbox may use a turn's bot record only while it is no older than a message in flight. */
class KnownBotTest {
    private static final BotRecord BOT = BotRecord.newBuilder().setBotId("b").setVersion(3).build();

    @Test
    void freshUpToTheInlineBudget() {
        KnownBot known = new KnownBot(BOT, 1_000);
        assertThat(known.freshAt(1_000)).isTrue();
        assertThat(known.freshAt(1_000 + KnownBot.REUSE_WITHIN.toNanos())).isTrue();
    }

    @Test
    void staleOnceOlderThanTheInlineBudget() {
        KnownBot known = new KnownBot(BOT, 1_000);
        assertThat(known.freshAt(1_000 + KnownBot.REUSE_WITHIN.toNanos() + 1)).isFalse();
    }

    @Test
    void aReadStampedInTheFutureIsNotTrusted() {
        assertThat(new KnownBot(BOT, 1_000).freshAt(999)).isFalse();
    }
}
