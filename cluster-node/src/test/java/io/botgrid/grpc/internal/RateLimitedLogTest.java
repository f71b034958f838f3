package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {
    @Test
    void writesAtMostTheLinesOfAnIntervalAndTellsHowManyWereDropped() {
        Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-log-test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicLong now = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(logger, 3, Duration.ofSeconds(10), now::get);

        for (int i = 0; i < 1_000; i++) {
            log.warn("refused {}", i);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("refused 0", "refused 1", "refused 2");

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        log.error("failed {}", "x");
        log.warn("refused {}", "y");
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(5).endsWith(
                "failed x (997 similar line(s) dropped before this one)", "refused y");
        assertThat(lines.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        logger.detachAppender(lines);
    }
}
