package io.botgrid.it.audit;

import static io.botgrid.it.audit.AuditSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import io.botgrid.cli.BotgridCli;
import io.botgrid.client.AuditEntry;
import io.botgrid.client.AuditQuery;
import io.botgrid.client.BotSpec;
import io.botgrid.client.BotUpdate;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.ChannelKind;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.Page;
import io.botgrid.client.WebhookSettings;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ListAuditEntriesRequest;
import io.botgrid.testkit.TestCluster;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The audit log on a real 2-node cluster with API keys and JWTs, over real gRPC (the SDK, a plain stub, the CLI):
 * what is recorded, with whom and which result, who may read it, paging and bad filters.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AuditLogTest {
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final String OPERATOR = "operator-" + UUID.randomUUID();
    private static final String CLIENT = "client-" + UUID.randomUUID();
    private static final byte[] JWT_SECRET = ("audit-test-secret-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    private static final String RULES = """
            rules:
              - match: "(?i)^hello"
                reply: "Hello {user}!"
            fallback: "Sorry?"
            """;

    @TempDir
    static Path dir;

    private static TestCluster cluster;
    private static BotgridClient admin;
    private static BotgridClient operator;
    private static BotgridClient app;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        Path secret = dir.resolve("jwt.secret");
        Files.write(secret, JWT_SECRET);
        cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcPort(0).grpcJwtSecretFile(secret).grpcApiKeys(List.of(
                        ApiKey.of("ops", ADMIN, Role.ADMIN), ApiKey.of("dashboard", OPERATOR, Role.OPERATOR),
                        ApiKey.of("app", CLIENT, Role.CLIENT))))
                .start();
        admin = AuditSupport.client(cluster, 0, ADMIN);
        operator = AuditSupport.client(cluster, 1, OPERATOR);
        app = AuditSupport.client(cluster, 1, CLIENT);
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", cluster.node(0).grpcPort(),
                InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        AuditSupport.closeAll(admin, operator, app, cluster);
    }

    /** Waits until the log holds {@code count} entries matching {@code query} (entries are stored asynchronously). */
    private static List<AuditEntry> awaitEntries(AuditQuery query, int count) {
        List<List<AuditEntry>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<AuditEntry> items = admin.audit().listBlocking(query).items();
            assertThat(items).hasSize(count);
            found.add(items);
        });
        return found.get(found.size() - 1);
    }

    private static String jwt(String subject, String role) {
        return AuditSupport.jwt(JWT_SECRET, subject, role);
    }

    @Test
    void everyChangeOfABotIsRecordedWithWhoWhatWhereAndTheResult() {
        String hookSecret = "hook-secret-" + UUID.randomUUID();
        admin.bots().createBlocking(BotSpec.of("Audited", "rules").withId("audited-1").withHandlerSettings(RULES));
        admin.bots().updateBlocking(BotUpdate.of("audited-1").withName("Audited 2"));
        admin.bots().pauseBlocking("audited-1");
        admin.bots().resumeBlocking("audited-1");
        admin.bots().connectWebhookBlocking("audited-1", new WebhookSettings(hookSecret, "http://127.0.0.1:9/r"));
        admin.bots().disconnectBlocking("audited-1", ChannelKind.WEBHOOK);
        admin.bots().deleteBlocking("audited-1");

        List<AuditEntry> byBot = awaitEntries(AuditQuery.newest().withTarget("audited-1"), 5);
        assertThat(byBot).extracting(AuditEntry::action).containsExactly("BotService/DeleteBot",
                "BotService/ResumeBot", "BotService/PauseBot", "BotService/UpdateBot", "BotService/CreateBot");
        List<AuditEntry> channels = awaitEntries(AuditQuery.newest().withTarget("audited-1/webhook"), 2);
        assertThat(channels).extracting(AuditEntry::action).containsExactly("BotService/DisconnectChannel",
                "BotService/ConnectChannel");
        for (AuditEntry e : concat(byBot, channels)) {
            assertThat(e.actor()).isEqualTo("api-key:ops");
            assertThat(e.role()).isEqualTo("admin");
            assertThat(e.remoteAddress()).isEqualTo("127.0.0.1");
            assertThat(e.result()).isEqualTo("OK");
            assertThat(e.ok()).isTrue();
            assertThat(e.node()).isEqualTo("node-0");
            assertThat(e.at()).isBefore(Instant.now().plusSeconds(1)).isAfter(Instant.now().minusSeconds(120));
            assertThat(e.toString()).as("no secret in the log").doesNotContain(hookSecret).doesNotContain(ADMIN);
        }
        List<Instant> times = byBot.stream().map(AuditEntry::at).toList();
        assertThat(times).as("newest first").isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void aJwtCallerIsRecordedByItsSubject() {
        try (BotgridClient alice = AuditSupport.client(cluster, 1, jwt("alice", "admin"))) {
            alice.bots().createBlocking(BotSpec.of("Alice's", "rules").withId("audited-jwt")
                    .withHandlerSettings(RULES));
        }
        AuditEntry e = awaitEntries(AuditQuery.newest().withActor("jwt:alice"), 1).get(0);
        assertThat(e.action()).isEqualTo("BotService/CreateBot");
        assertThat(e.target()).isEqualTo("audited-jwt");
        assertThat(e.role()).isEqualTo("admin");
        assertThat(e.node()).isEqualTo("node-1");
        assertThat(e.result()).isEqualTo("OK");
    }

    @Test
    void failedManagementCallsAreRecordedWithTheCodeTheCallerSaw() {
        BotgridException drain = failure(ErrorCode.NOT_FOUND, () -> admin.cluster().drain("no-such-node").join());
        BotgridException remove = catchBotgrid(() -> admin.workers().removeBlocking("no-such-spec"));
        BotgridException promote = catchBotgrid(() -> admin.cluster().promoteRegion("local").join());

        AuditEntry drained = awaitEntries(AuditQuery.newest().withTarget("no-such-node"), 1).get(0);
        assertThat(drained.action()).isEqualTo("ClusterService/DrainNode");
        assertThat(drained.result()).isEqualTo(drain.code().name());
        assertThat(drained.message()).contains("no-such-node");
        AuditEntry removed = awaitEntries(AuditQuery.newest().withTarget("no-such-spec"), 1).get(0);
        assertThat(removed.action()).isEqualTo("WorkerService/RemoveSpec");
        assertThat(removed.result()).isEqualTo(remove.code().name());
        AuditEntry promoted = awaitEntries(AuditQuery.newest().withAction("PromoteRegion").withTarget("local"), 1)
                .get(0);
        assertThat(promoted.action()).isEqualTo("ReplicationService/PromoteRegion");
        assertThat(promoted.result()).isEqualTo(promote.code().name()).isNotEqualTo("OK");
    }

    @Test
    void refusedTokensAndRolesAreRecordedForAnyMethod() {
        try (BotgridClient stranger = AuditSupport.client(cluster, 0, "not-a-key-" + UUID.randomUUID())) {
            failure(ErrorCode.UNAUTHENTICATED, () -> stranger.bots().pauseBlocking("audited-x"));
            failure(ErrorCode.UNAUTHENTICATED, () -> stranger.cluster().nodes().join());
        }
        failure(ErrorCode.PERMISSION_DENIED, () -> operator.bots().pauseBlocking("audited-y"));
        failure(ErrorCode.PERMISSION_DENIED, () -> app.cluster().drain("node-0").join());

        List<AuditEntry> strangers = awaitEntries(AuditQuery.newest().withActor("unauthenticated"), 2);
        assertThat(strangers).extracting(AuditEntry::action).containsExactly("ClusterService/ListNodes",
                "BotService/PauseBot");
        assertThat(strangers).allSatisfy(e -> {
            assertThat(e.result()).isEqualTo("UNAUTHENTICATED");
            assertThat(e.message()).contains("neither a known API key nor a JWT");
            assertThat(e.remoteAddress()).isEqualTo("127.0.0.1");
            assertThat(e.role()).isEmpty();
        });
        AuditEntry denied = awaitEntries(AuditQuery.newest().withActor("api-key:dashboard").withAction("PauseBot"), 1).get(0);
        assertThat(denied.action()).isEqualTo("BotService/PauseBot");
        assertThat(denied.result()).isEqualTo("PERMISSION_DENIED");
        assertThat(denied.role()).isEqualTo("operator");
        AuditEntry drain = awaitEntries(AuditQuery.newest().withActor("api-key:app").withAction("DrainNode"), 1).get(0);
        assertThat(drain.action()).isEqualTo("ClusterService/DrainNode");
        assertThat(drain.result()).isEqualTo("PERMISSION_DENIED");
        assertThat(drain.node()).isEqualTo("node-1");
    }

    @Test
    void onlyAdminsMayReadTheLog() {
        assertThat(failure(ErrorCode.PERMISSION_DENIED, () -> operator.audit().listBlocking(AuditQuery.newest()))
                .getMessage()).contains("ListAuditEntries").contains("needs admin");
        failure(ErrorCode.PERMISSION_DENIED, () -> app.audit().listBlocking(AuditQuery.newest()));
        try (BotgridClient bob = AuditSupport.client(cluster, 0, jwt("bob", "operator"))) {
            failure(ErrorCode.PERMISSION_DENIED, () -> bob.audit().listBlocking(AuditQuery.newest()));
        }
    }

    @Test
    void pagesRunNewestFirstWithoutGapsOrRepeats() {
        List<String> targets = new ArrayList<>();
        try (BotgridClient pager = AuditSupport.client(cluster, 0, jwt("pager", "admin"))) {
            for (int i = 0; i < 7; i++) {
                String node = "page-node-" + i;
                targets.add(node);
                failure(ErrorCode.NOT_FOUND, () -> pager.cluster().drain(node).join());
            }
        }
        AuditQuery query = AuditQuery.newest().withActor("jwt:pager").withPageSize(3);
        awaitEntries(query.withPageSize(10), 7);

        List<AuditEntry> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Page<AuditEntry> page = admin.audit().listBlocking(query);
        while (true) {
            all.addAll(page.items());
            sizes.add(page.items().size());
            if (!page.hasNext()) {
                break;
            }
            page = admin.audit().listBlocking(query.next(page));
        }
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(all).extracting(AuditEntry::target).containsExactlyElementsOf(reversed(targets));
        assertThat(all).extracting(AuditEntry::id).doesNotHaveDuplicates();

        Instant middle = all.get(3).at();
        List<AuditEntry> older = admin.audit().listBlocking(AuditQuery.newest().withActor("jwt:pager")
                .withUntil(middle.plusNanos(1000))).items();
        assertThat(older).extracting(AuditEntry::target).containsExactlyElementsOf(reversed(targets.subList(0, 4)));
        List<AuditEntry> newer = admin.audit().listBlocking(AuditQuery.newest().withActor("jwt:pager")
                .withSince(middle)).items();
        assertThat(newer).extracting(AuditEntry::target).containsExactlyElementsOf(reversed(targets.subList(3, 7)));
    }

    @Test
    void badFiltersAreRefusedWithTheirReason() {
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.audit().listBlocking(AuditQuery.newest()
                .withAction("Frobnicate"))).getMessage()).contains("action 'Frobnicate' is not an audited action")
                .contains("BotService/CreateBot");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.audit().listBlocking(AuditQuery.newest()
                .withPageToken("not-a-token"))).getMessage()).contains("page token is not one this API returned");

        ClusterServiceGrpc.ClusterServiceBlockingStub raw = ClusterServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(ADMIN)))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
        Timestamp now = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()).build();
        assertThat(invalid(() -> raw.listAuditEntries(ListAuditEntriesRequest.newBuilder().setSince(now)
                .setUntil(now).build()))).contains("until").contains("must be after since");
        assertThat(invalid(() -> raw.listAuditEntries(ListAuditEntriesRequest.newBuilder().setPageSize(5000)
                .build()))).isEqualTo("page_size must be 0-1000 (0: 100), got 5000");
        assertThat(invalid(() -> raw.listAuditEntries(ListAuditEntriesRequest.newBuilder()
                .setSince(Timestamp.newBuilder().setSeconds(-5)).build()))).startsWith("since must be a timestamp");
        assertThat(raw.listAuditEntries(ListAuditEntriesRequest.newBuilder().setAction("ActorService/Call")
                .setPageSize(1).build())).as("any method of the services may be asked for").isNotNull();
    }

    @Test
    void theCliPrintsTheLogAsATableOrJson() throws Exception {
        try (BotgridClient cli = AuditSupport.client(cluster, 0, jwt("cli-user", "admin"))) {
            failure(ErrorCode.NOT_FOUND, () -> cli.cluster().drain("cli-node-a").join());
            failure(ErrorCode.NOT_FOUND, () -> cli.cluster().drain("cli-node-b").join());
        }
        awaitEntries(AuditQuery.newest().withActor("jwt:cli-user"), 2);
        String endpoint = AuditSupport.endpoint(cluster, 1);

        Run json = run("audit", "-e", endpoint, "--token", ADMIN, "--who", "jwt:cli-user", "--since", "10m",
                "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows.get(0).get("target").asText()).isEqualTo("cli-node-b");
        assertThat(rows.get(0).get("action").asText()).isEqualTo("ClusterService/DrainNode");
        assertThat(rows.get(0).get("result").asText()).isEqualTo("NOT_FOUND");

        Run table = run("audit", "-e", endpoint, "--token", ADMIN, "--action", "DrainNode", "--who", "jwt:cli-user",
                "--limit", "1");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("WHO").contains("jwt:cli-user").contains("cli-node-b")
                .doesNotContain("cli-node-a");

        Run denied = run("audit", "-e", endpoint, "--token", OPERATOR);
        assertThat(denied.exit()).isEqualTo(2);
        assertThat(denied.err()).contains("PERMISSION_DENIED");
        Run badSince = run("audit", "-e", endpoint, "--token", ADMIN, "--since", "yesterday-ish");
        assertThat(badSince.exit()).isEqualTo(2);
        assertThat(badSince.err()).contains("'yesterday-ish' is neither an instant");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BotgridCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return headers;
    }

    private static String invalid(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).as(e.getStatus().getDescription())
                    .isEqualTo(Status.Code.INVALID_ARGUMENT);
            return e.getStatus().getDescription();
        }
        throw new AssertionError("the call did not fail");
    }

    private static BotgridException catchBotgrid(Runnable call) {
        try {
            call.run();
        } catch (BotgridException e) {
            return e;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof BotgridException b) {
                return b;
            }
            throw e;
        }
        throw new AssertionError("the call did not fail");
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<AuditEntry> concat(List<AuditEntry> a, List<AuditEntry> b) {
        List<AuditEntry> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
