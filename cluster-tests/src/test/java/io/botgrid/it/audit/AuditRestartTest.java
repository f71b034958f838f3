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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The audit log survives a full cluster restart: two nodes with persistence (the test kit's, on their own data
 * folders) record entries, the whole cluster is stopped the operator's way ({@link TestCluster#stopAll()}) and
 * started again on the same folders, and every entry is listed again, unchanged and in the same order, before a new
 * one is added on top.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AuditRestartTest {
    private static final String ADMIN = "admin-" + UUID.randomUUID();

    @Test
    void entriesWrittenBeforeAFullRestartAreListedAfterIt() {
        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcApiKeys(List.of(ApiKey.of("ops", ADMIN, Role.ADMIN))))
                .start()) {
            AuditQuery query = AuditQuery.newest().withActor("api-key:ops").withAction("DrainNode");
            List<String> targets = new ArrayList<>();
            List<AuditEntry> before;
            try (BotgridClient first = AuditSupport.client(cluster, 0, ADMIN);
                 BotgridClient second = AuditSupport.client(cluster, 1, ADMIN)) {
                for (int i = 0; i < 6; i++) {
                    String target = "restart-node-" + i;
                    targets.add(target);
                    BotgridClient via = i % 2 == 0 ? first : second; // entries recorded by both nodes
                    failure(ErrorCode.NOT_FOUND, () -> via.cluster().drain(target).join());
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(first.audit()
                        .listBlocking(query).items()).hasSize(6));
                before = first.audit().listBlocking(query).items();
            }
            assertThat(before).extracting(AuditEntry::target).containsExactlyElementsOf(reversed(targets));
            assertThat(before).extracting(AuditEntry::node).contains("node-0", "node-1");

            cluster.stopAll();
            cluster.restartAll();

            try (BotgridClient admin = AuditSupport.client(cluster, 1, ADMIN)) {
                assertThat(admin.audit().listBlocking(query).items()).as("the entries after the restart")
                        .containsExactlyElementsOf(before);

                failure(ErrorCode.NOT_FOUND, () -> admin.cluster().drain("after-restart").join());
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.audit()
                        .listBlocking(query).items()).hasSize(7));
                List<AuditEntry> after = admin.audit().listBlocking(query).items();
                assertThat(after.get(0).target()).as("a new entry, on top").isEqualTo("after-restart");
                assertThat(after.subList(1, 7)).containsExactlyElementsOf(before);
            }
        }
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
