package io.botgrid.it.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.botgrid.actor.ActorTypes;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.RetryPolicy;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.proto.v1.ChainSpec;
import io.botgrid.proto.v1.ChainStage;
import io.botgrid.proto.v1.GroupMember;
import io.botgrid.proto.v1.GroupSpec;
import io.botgrid.proto.v1.RestartPolicy;
import io.botgrid.proto.v1.RestartStrategy;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.proto.v1.StandaloneSpec;
import io.botgrid.proto.v1.WorkerFunction;
import io.botgrid.proto.v1.WorkerPlacement;
import io.botgrid.proto.v1.WorkerSpec;
import io.botgrid.testkit.TestCluster;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WorkerService through the SDK on a 2-node cluster with API keys: round trips, roles, precise refusals. */
@Timeout(180)
class WorkerServiceSdkTest {
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final String OPERATOR = "operator-" + UUID.randomUUID();
    private static final String CLIENT = "client-" + UUID.randomUUID();

    private static TestCluster cluster;
    private static BotgridClient admin;
    private static BotgridClient operator;
    private static BotgridClient app;

    /** {@code crash}: crashes on the input "boom", echoes anything else. */
    static final class CrashFactory implements WorkerFunctionFactory {
        @Override
        public String name() {
            return "crash";
        }

        @Override
        public io.botgrid.workers.spi.WorkerFunction create(Map<String, String> settings) {
            return new io.botgrid.workers.spi.WorkerFunction() {
                @Override
                public List<WorkerMessage> handle(WorkerMessage input) {
                    if (input.text().equals("boom")) {
                        throw new IllegalStateException("boom");
                    }
                    return List.of(input);
                }
            };
        }
    }

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(2).actorTypes(ActorTypes.none())
                .workerFunctions(List.of(new CrashFactory()))
                .configure(b -> b.botsEnabled(false).grpcPort(0).grpcApiKeys(List.of(
                        ApiKey.of("ops", ADMIN, Role.ADMIN), ApiKey.of("dashboard", OPERATOR, Role.OPERATOR),
                        ApiKey.of("app", CLIENT, Role.CLIENT))))
                .start();
        admin = client(0, ADMIN);
        operator = client(1, OPERATOR);
        app = client(1, CLIENT);
    }

    static BotgridClient client(int node, String token) {
        return BotgridClient.builder().endpoints("127.0.0.1:" + cluster.node(node).grpcPort(),
                        "127.0.0.1:" + cluster.node(1 - node).grpcPort())
                .defaultDeadline(Duration.ofSeconds(20)).token(token)
                .retryPolicy(new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2))).build();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {admin, operator, app, cluster}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    static WorkerFunction fn(String name) {
        return WorkerFunction.newBuilder().setFunction(name).build();
    }

    static ChainStage stage(String name, WorkerFunction f) {
        return ChainStage.newBuilder().setName(name).setWorker(f).build();
    }

    static ByteString bytes(String text) {
        return ByteString.copyFromUtf8(text);
    }

    static BotgridException failure(ErrorCode code, ThrowingCallable call) {
        BotgridException[] caught = new BotgridException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(BotgridException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            caught[0] = e;
        });
        return caught[0];
    }

    @Test
    void specsStatusAndMessagesRoundTripThroughTheSdk() {
        WorkerSpec group = WorkerSpec.newBuilder().setId("sdk-group").setGroup(GroupSpec.newBuilder()
                .addMembers(GroupMember.newBuilder().setId("a").setWorker(fn("echo")))
                .addMembers(GroupMember.newBuilder().setId("b").setWorker(fn("echo")))).build();
        WorkerSpec chain = WorkerSpec.newBuilder().setId("sdk-chain").setChain(ChainSpec.newBuilder()
                .addStages(stage("one", fn("echo"))).addStages(stage("two", fn("echo")))
                .addStages(stage("three", fn("echo"))).setEnd(fn("echo"))).build();
        assertThat(admin.workers().declareBlocking(group).getVersion()).isEqualTo(1);
        assertThat(admin.workers().declareBlocking(chain).getSource()).isEqualTo("api");
        assertThat(operator.workers().listBlocking()).extracting(v -> v.getSpec().getId())
                .contains("sdk-group", "sdk-chain");
        assertThat(operator.workers().getBlocking("sdk-chain").getSpec().getChain().getStagesCount()).isEqualTo(3);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(operator.workers()
                .statusBlocking(Optional.of("sdk-group"))).singleElement()
                .extracting(SpecStatus::getState).isEqualTo("running"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(operator.workers()
                .statusBlocking(Optional.of("sdk-chain"))).singleElement()
                .extracting(SpecStatus::getState).isEqualTo("running"));

        assertThat(app.workers().sendBlocking("sdk-group", "a", bytes("hello"))).containsExactly(bytes("hello"));
        assertThat(app.workers().broadcastBlocking("sdk-group", bytes("all"))).isEqualTo(2);
        app.workers().pushBlocking("sdk-chain", "", "", bytes("item"));
        app.workers().pushBlocking("sdk-chain", "two", "k", bytes("mid"));

        assertThat(operator.registry().lookupBlocking("worker:sdk-group/a")).get()
                .satisfies(e -> assertThat(e.tags()).contains("workers", "group"));
        assertThat(operator.registry().listBlocking("worker:sdk-", "")).extracting(e -> e.name())
                .contains("worker:sdk-group", "worker:sdk-group/a", "worker:sdk-group/b", "worker:sdk-chain");
        assertThat(operator.registry().lookupBlocking("worker:nobody")).isEmpty();

        assertThat(admin.workers().removeBlocking("sdk-group")).isEqualTo(2);
        failure(ErrorCode.NOT_FOUND, () -> operator.workers().getBlocking("sdk-group"));
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.registry().lookupBlocking("worker:sdk-group/a")
                .isEmpty());
    }

    /** Runs {@code botgrid ARGS} in process against node 0; returns exit code and output. */
    static String[] cli(String token, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new io.botgrid.cli.BotgridCli());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", "127.0.0.1:" + cluster.node(0).grpcPort(), "--token", token));
        int exit = cli.execute(all.toArray(String[]::new));
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void theCliDeclaresListsSendsAndLooksUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("spec.yaml");
        java.nio.file.Files.writeString(file, """
                id: cli-solo
                standalone: {function: echo}
                restart: {strategy: transient, maxRestarts: 2, within: 10s}
                """);
        String[] declared = cli(ADMIN, "workers", "declare", "--file", file.toString());
        assertThat(declared[0]).as(declared[2]).isEqualTo("0");
        assertThat(declared[1]).contains("cli-solo").contains("standalone");
        assertThat(cli(OPERATOR, "workers", "list")[1]).contains("cli-solo");
        await().atMost(Duration.ofSeconds(60)).until(() -> cli(OPERATOR, "workers", "status", "cli-solo")[1]
                .contains("running"));
        assertThat(cli(CLIENT, "workers", "send", "cli-solo", "hey")[1]).contains("hey");
        assertThat(cli(OPERATOR, "workers", "lookup", "worker:cli-solo")[1]).contains("worker:cli-solo");
        String[] denied = cli(CLIENT, "workers", "remove", "cli-solo");
        assertThat(denied[0]).isNotEqualTo("0");
        assertThat(denied[2]).contains("admin");
        java.nio.file.Files.writeString(file, "id: bad\nstandalone: {function: echo, colour: red}\n");
        String[] bad = cli(ADMIN, "workers", "declare", "--file", file.toString());
        assertThat(bad[0]).isNotEqualTo("0");
        assertThat(bad[2]).contains("colour");
    }

    @Test
    void eachRoleMayCallOnlyItsMethods() {
        WorkerSpec solo = WorkerSpec.newBuilder().setId("roles-solo").setStandalone(StandaloneSpec.newBuilder()
                .setWorker(fn("echo"))).build();
        failure(ErrorCode.PERMISSION_DENIED, () -> operator.workers().declareBlocking(solo));
        failure(ErrorCode.PERMISSION_DENIED, () -> app.workers().declareBlocking(solo));
        failure(ErrorCode.PERMISSION_DENIED, () -> app.workers().statusBlocking(Optional.empty()));
        failure(ErrorCode.PERMISSION_DENIED, () -> app.registry().listBlocking("", ""));
        failure(ErrorCode.PERMISSION_DENIED, () -> operator.workers().sendBlocking("roles-solo", "", bytes("x")));
        failure(ErrorCode.PERMISSION_DENIED, () -> operator.workers().removeBlocking("roles-solo"));
        admin.workers().declareBlocking(solo);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(operator.workers()
                .statusBlocking(Optional.of("roles-solo"))).singleElement().extracting(SpecStatus::getState)
                .isEqualTo("running"));
        assertThat(app.workers().sendBlocking("roles-solo", "", bytes("x"))).containsExactly(bytes("x"));
    }

    @Test
    void badInputGetsAPreciseStatusAndChangesNothing() {
        int before = operator.workers().listBlocking().size();
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.workers().declareBlocking(WorkerSpec.newBuilder()
                .setId("bad-fn").setStandalone(StandaloneSpec.newBuilder().setWorker(fn("ech0"))).build()))
                .getMessage()).contains("ech0");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.workers().declareBlocking(WorkerSpec.newBuilder()
                .setId("dup").setGroup(GroupSpec.newBuilder()
                        .addMembers(GroupMember.newBuilder().setId("a").setWorker(fn("echo")))
                        .addMembers(GroupMember.newBuilder().setId("a").setWorker(fn("echo")))).build()))
                .getMessage()).contains("duplicate member id 'a'");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.workers().declareBlocking(WorkerSpec.newBuilder()
                .setId("empty").setChain(ChainSpec.getDefaultInstance()).build())).getMessage())
                .contains("at least one stage");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.workers().declareBlocking(WorkerSpec.newBuilder()
                .setId("minmax").setChain(ChainSpec.newBuilder().addStages(stage("s", fn("echo")).toBuilder()
                        .setMinInstances(3).setMaxInstances(2))).build())).getMessage())
                .contains("greater than max");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.workers().declareBlocking(WorkerSpec.newBuilder()
                .setId("zero").setStandalone(StandaloneSpec.newBuilder().setWorker(fn("echo")))
                .setRestart(RestartPolicy.newBuilder().setMaxRestarts(0).setWithin(
                        com.google.protobuf.Duration.getDefaultInstance())).build())).getMessage())
                .contains("restart.within");
        assertThat(failure(ErrorCode.FAILED_PRECONDITION, () -> admin.workers().declareBlocking(WorkerSpec
                .newBuilder().setId("mars").setStandalone(StandaloneSpec.newBuilder().setWorker(fn("echo")))
                .setPlacement(WorkerPlacement.newBuilder().setZone("mars")).build())).getMessage())
                .contains("zone 'mars'");
        failure(ErrorCode.INVALID_ARGUMENT, () -> admin.workers().declareBlocking(WorkerSpec.newBuilder()
                .setId("no kind").build()));
        failure(ErrorCode.NOT_FOUND, () -> admin.workers().removeBlocking("never-declared"));
        failure(ErrorCode.NOT_FOUND, () -> app.workers().sendBlocking("never-declared", "", bytes("x")));
        assertThat(operator.workers().listBlocking()).hasSize(before);
    }

    @Test
    void aFullChainIsResourceExhaustedAndAStoppedChainFailedPrecondition() {
        WorkerSpec slow = WorkerSpec.newBuilder().setId("slow").setChain(ChainSpec.newBuilder()
                .addStages(stage("wait", WorkerFunction.newBuilder().setFunction("delay").putSettings("millis",
                        "3000").build()).toBuilder().setQueueCapacity(1))).build();
        admin.workers().declareBlocking(slow);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(operator.workers()
                .statusBlocking(Optional.of("slow"))).singleElement().extracting(SpecStatus::getState)
                .isEqualTo("running"));
        List<CompletableFuture<Void>> pushes = new ArrayList<>();
        BotgridException full = null;
        for (int i = 0; i < 20 && full == null; i++) {
            CompletableFuture<Void> f = app.workers().push("slow", "", "", bytes("i" + i));
            pushes.add(f);
            try {
                f.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException waiting) {
                // in the chain: push the next
            } catch (Exception e) {
                if (e.getCause() instanceof BotgridException b && b.code() == ErrorCode.RESOURCE_EXHAUSTED) {
                    full = b;
                }
            }
        }
        assertThat(full).as("a push into the full chain is refused").isNotNull();

        WorkerSpec fragile = WorkerSpec.newBuilder().setId("fragile").setChain(ChainSpec.newBuilder()
                .addStages(stage("c", fn("crash")))).setRestart(RestartPolicy.newBuilder()
                .setStrategy(RestartStrategy.RESTART_STRATEGY_TEMPORARY).setMaxRestarts(1)
                .setWithin(com.google.protobuf.Duration.newBuilder().setSeconds(5))).build();
        admin.workers().declareBlocking(fragile);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(operator.workers()
                .statusBlocking(Optional.of("fragile"))).singleElement().extracting(SpecStatus::getState)
                .isEqualTo("running"));
        app.workers().pushBlocking("fragile", "", "", bytes("ok"));
        assertThatThrownBy(() -> app.workers().pushBlocking("fragile", "", "", bytes("boom")))
                .isInstanceOf(BotgridException.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(operator.workers()
                .statusBlocking(Optional.of("fragile"))).singleElement().extracting(SpecStatus::getState)
                .isEqualTo("failed"));
        assertThat(failure(ErrorCode.FAILED_PRECONDITION, () -> app.workers().pushBlocking("fragile", "", "",
                bytes("again"))).getMessage()).contains("fragile");
    }
}
