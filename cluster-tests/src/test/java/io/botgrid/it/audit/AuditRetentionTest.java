package io.botgrid.it.audit;

import static io.botgrid.it.audit.AuditSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.client.AuditEntry;
import io.botgrid.client.AuditQuery;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.ErrorCode;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.it.ItSupport;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The audit log's retention sweep on a real node, over real gRPC: entries older than {@code auditRetention} are
 * removed, newer ones stay. The node's audit clock is a {@link ManualClock} that the test moves past the retention
 * in steps, so nothing waits for the retention to pass and the outcome does not depend on timing; only the sweep's
 * own schedule (a tenth of the 10 s retention, in real time) is waited for, with Awaitility.
 *
 * <p>The clock starts years in the past on purpose: a sweep that measured the retention with the system clock
 * instead of the audit clock would remove every entry at once (and the newer one would not stay), and entries dated
 * by another clock than the sweep's would never be removed at all.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AuditRetentionTest {
    private static final Duration RETENTION = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2021-03-01T09:00:00Z");
    private static final String ADMIN = "admin-" + UUID.randomUUID();

    @Test
    void entriesOlderThanTheRetentionAreSweptAndNewerOnesStay() {
        ManualClock clock = new ManualClock(START);
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes())
                .auditClock(clock)
                .configure(b -> b.auditRetention(RETENTION)
                        .grpcApiKeys(List.of(ApiKey.of("ops", ADMIN, Role.ADMIN))))
                .start();
             BotgridClient admin = AuditSupport.client(cluster, 0, ADMIN)) {
            failure(ErrorCode.NOT_FOUND, () -> admin.cluster().drain("swept-node").join());
            AuditEntry old = awaitOne(admin, "swept-node");
            assertThat(old.at()).as("dated by the audit clock").isEqualTo(START);

            clock.advance(Duration.ofSeconds(6));
            failure(ErrorCode.NOT_FOUND, () -> admin.cluster().drain("kept-node").join());
            AuditEntry kept = awaitOne(admin, "kept-node");
            assertThat(kept.at()).isEqualTo(START.plusSeconds(6));
            assertThat(list(admin, "swept-node")).as("6 s old, within the retention").hasSize(1);

            // Now 12 s after the first entry and 6 s after the second: only the first is past the 10 s retention.
            clock.advance(Duration.ofSeconds(6));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(list(admin, "swept-node"))
                    .as("12 s old, past the retention").isEmpty());
            // The sweep that removed it had the cutoff START + 2 s (no earlier time of the clock removes anything).
            assertThat(list(admin, "kept-node")).as("6 s old, within the retention").containsExactly(kept);

            // Another step puts the second entry past the retention too: the cutoff follows the clock.
            clock.advance(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(list(admin, "kept-node"))
                    .as("11 s old, past the retention").isEmpty());
        }
    }

    private static List<AuditEntry> list(BotgridClient admin, String target) {
        return admin.audit().listBlocking(AuditQuery.newest().withTarget(target)).items();
    }

    /** The one entry about {@code target}, once the asynchronous write has stored it. */
    private static AuditEntry awaitOne(BotgridClient admin, String target) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(list(admin, target)).hasSize(1));
        AuditEntry e = list(admin, target).get(0);
        assertThat(e.action()).isEqualTo("ClusterService/DrainNode");
        assertThat(e.actor()).isEqualTo("api-key:ops");
        return e;
    }
}
