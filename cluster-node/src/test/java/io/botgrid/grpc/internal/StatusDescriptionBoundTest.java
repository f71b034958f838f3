package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** Status descriptions quote what the caller sent; the front never sends one longer than a client accepts. */
class StatusDescriptionBoundTest {
    @Test
    void longDescriptionsAreCutSayingHowMuch() {
        Status status = Status.NOT_FOUND.withDescription("unknown actor type '" + "a".repeat(65_536) + "'");
        Status bounded = FailureBarrier.bounded(status);
        assertThat(bounded.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(bounded.getDescription()).hasSizeLessThanOrEqualTo(FailureBarrier.MAX_DESCRIPTION_CHARS)
                .startsWith("unknown actor type 'aaa").endsWith(" more characters)");
        Status shortOne = Status.NOT_FOUND.withDescription("unknown actor type 'x'");
        assertThat(FailureBarrier.bounded(shortOne)).isSameAs(shortOne);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String description = "x".repeat(FailureBarrier.MAX_DESCRIPTION_CHARS - 41) + "\ud83d\ude00".repeat(400);
        String bounded = FailureBarrier.bounded(Status.INVALID_ARGUMENT.withDescription(description)).getDescription();
        assertThat(bounded.codePoints().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
    }
}
