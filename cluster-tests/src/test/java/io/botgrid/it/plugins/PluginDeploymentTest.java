package io.botgrid.it.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.botgrid.bots.plugins.internal.IgnitePluginCatalog;
import io.botgrid.bots.plugins.internal.PluginDeployer;
import io.botgrid.client.AuditEntry;
import io.botgrid.client.AuditQuery;
import io.botgrid.client.BotSpec;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.PluginVersion;
import io.botgrid.client.Reply;
import io.botgrid.client.RetryPolicy;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.proto.v1.PluginServiceGrpc;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.proto.v1.StandaloneSpec;
import io.botgrid.proto.v1.UploadPluginRequest;
import io.botgrid.proto.v1.WorkerFunction;
import io.botgrid.proto.v1.WorkerSpec;
import io.botgrid.testkit.TestCluster;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handler plugins deployed to a real 2-node cluster over real gRPC: uploaded through the SDK, stored in the
 * replicated cache, loaded by every node (also one that joins later) in fresh class loaders; a session switches
 * version on its next message, pinned bots stay, a broken version leaves the previous one serving, and a replaced
 * version's class loader is garbage-collected.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PluginDeploymentTest {
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final String OPERATOR = "operator-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private static TestCluster cluster;
    private static BotgridClient admin;
    private static BotgridClient admin1;
    private static BotgridClient operator;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(2).actorTypes(io.botgrid.actor.ActorTypes.none())
                .configure(b -> b.grpcPort(0).grpcMaxMessageBytes(12 * 1024 * 1024)
                        // The loader test calls System.gc() until the old loaders are gone; a full collection of three
                        // nodes' heap in one JVM was seen to pause it for 6 s, longer than the test clusters' 3 s
                        // failure detection, and the nodes then dropped each other. Pauses are not what this tests.
                        .failureDetectionTimeout(Duration.ofSeconds(20))
                        .grpcApiKeys(List.of(
                        ApiKey.of("ops", ADMIN, Role.ADMIN), ApiKey.of("dashboard", OPERATOR, Role.OPERATOR))))
                .start();
        admin = client(0, ADMIN);
        admin1 = client(1, ADMIN);
        operator = client(1, OPERATOR);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {admin, admin1, operator, cluster}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private static BotgridClient client(int node, String token) {
        return BotgridClient.builder().endpoints("127.0.0.1:" + cluster.node(node).grpcPort()).token(token)
                .defaultDeadline(Duration.ofSeconds(30))
                .retryPolicy(new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2))).build();
    }

    private static PluginDeployer deployer(int node) {
        return ((IgnitePluginCatalog) cluster.node(node).pluginCatalog()).deployer();
    }

    private static byte[] handler(String pkg, String tag) throws Exception {
        return TestPluginJars.handler(work, pkg, tag, false);
    }

    /** The texts the bot replies to {@code text} in conversation {@code conversation}. */
    private static List<String> say(BotgridClient client, String bot, String conversation, String text) {
        return client.conversations().sendBlocking(ConversationRef.of(bot, conversation, "user-1"), text).replies()
                .stream().map(Reply::text).toList();
    }

    private static PluginVersion version(BotgridClient client, String name, String version) {
        return client.plugins().listBlocking(name).stream().filter(v -> v.version().equals(version)).findFirst()
                .orElseThrow(() -> new AssertionError(name + "@" + version + " is not listed"));
    }

    private static BotgridException failure(ErrorCode code, Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        while (thrown instanceof CompletionException && thrown.getCause() != null) {
            thrown = thrown.getCause();
        }
        assertThat(thrown).as("the call fails with " + code).isInstanceOf(BotgridException.class);
        BotgridException e = (BotgridException) thrown;
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        return e;
    }

    @Test
    void anUploadIsServedByEveryNodeAndByANodeThatJoinsLater() throws Exception {
        byte[] jar = handler("com.acme.greeter", "greeter-1");
        PluginVersion up = admin.plugins().uploadBlocking("greeter", "1.0.0", jar);
        assertThat(up.state()).isEqualTo("LOADED");
        assertThat(up.latest()).isTrue();
        assertThat(up.sizeBytes()).isEqualTo(jar.length);
        assertThat(up.uploadedBy()).isEqualTo("api-key:ops");
        assertThat(up.handlerClass()).isEqualTo("com.acme.greeter.Handler");
        assertThat(up.sha256()).hasSize(64);

        await().atMost(WAIT).untilAsserted(() -> assertThat(version(admin1, "greeter", "1.0.0").state())
                .as("node-1 loads it after the announcement").isEqualTo("LOADED"));
        for (int node = 0; node < 2; node++) {
            ClassLoader loader = deployer(node).loaderOf("greeter", "1.0.0").orElseThrow();
            assertThat(loader).as("a class loader of its own on node-" + node)
                    .isNotSameAs(getClass().getClassLoader());
        }
        admin.bots().createBlocking(BotSpec.of("Greeter", "plugin:greeter").withId("greeter-bot"));
        for (int i = 0; i < 6; i++) { // conversations spread over both nodes' sessions
            assertThat(say(i % 2 == 0 ? admin : admin1, "greeter-bot", "c-" + i, "hi"))
                    .containsExactly("greeter-1:HI");
        }

        cluster.startNode(2);
        try {
            cluster.awaitStable();
            await().atMost(WAIT).until(() -> cluster.node(2).isReady());
            try (BotgridClient late = client(2, ADMIN)) {
                await().atMost(WAIT).untilAsserted(() -> assertThat(version(late, "greeter", "1.0.0").state())
                        .as("the node that joined later loads the stored jar").isEqualTo("LOADED"));
                assertThat(deployer(2).loaderOf("greeter", "1.0.0")).isPresent();
                assertThat(say(late, "greeter-bot", "c-late", "hey")).containsExactly("greeter-1:HEY");
            }
        } finally {
            cluster.stopNode(2);
        }
    }

    private static WorkerSpec standalone(String id, String function) {
        return WorkerSpec.newBuilder().setId(id).setStandalone(StandaloneSpec.newBuilder()
                .setWorker(WorkerFunction.newBuilder().setFunction(function))).build();
    }

    /** Declares {@code spec}, waits until it runs and answers what it replies to {@code text}. */
    private static List<String> run(WorkerSpec spec, String text) {
        admin.workers().declareBlocking(spec);
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin.workers().statusBlocking(Optional.of(spec.getId())))
                .singleElement().extracting(SpecStatus::getState).isEqualTo("running"));
        return admin1.workers().sendBlocking(spec.getId(), "", ByteString.copyFromUtf8(text)).stream()
                .map(ByteString::toStringUtf8).toList();
    }

    @Test
    void aJarOfWorkerFunctionsRunsInWorkersAndANewVersionServesTheInstancesCreatedAfterIt() throws Exception {
        PluginVersion up = admin.plugins().uploadBlocking("shouter", "1",
                TestPluginJars.workerFunctions(work, "com.acme.shout", "s1"));
        assertThat(up.state()).isEqualTo("LOADED");
        assertThat(up.handlerClass()).as("worker functions only").isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(version(admin1, "shouter", "1").state())
                .isEqualTo("LOADED"));

        assertThat(run(standalone("shout-latest", "plugin:shouter/upper"), "hey")).containsExactly("s1:HEY");

        admin.plugins().uploadBlocking("shouter", "2", TestPluginJars.workerFunctions(work, "com.acme.shout", "s2"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(version(admin1, "shouter", "2").latest()).isTrue());
        assertThat(admin1.workers().sendBlocking("shout-latest", "", ByteString.copyFromUtf8("still")))
                .as("the running instance keeps the version it was created from")
                .containsExactly(ByteString.copyFromUtf8("s1:STILL"));
        assertThat(run(standalone("shout-new", "plugin:shouter/upper"), "new")).containsExactly("s2:NEW");
        assertThat(run(standalone("shout-pinned", "plugin:shouter@1/upper"), "old")).containsExactly("s1:OLD");

        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.workers().declareBlocking(
                standalone("shout-bad", "plugin:shouter/whisper"))).getMessage())
                .contains("unknown worker function 'plugin:shouter/whisper'")
                .contains("plugin shouter@2 has no worker function 'whisper' (it has: upper)");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.workers().declareBlocking(
                standalone("shout-bad", "plugin:nobody/upper"))).getMessage())
                .contains("no plugin 'nobody' is deployed");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.workers().declareBlocking(
                standalone("shout-bad", "plugin:shouter@9/upper"))).getMessage())
                .contains("plugin shouter@9 is not deployed");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.workers().declareBlocking(
                standalone("shout-bad", "plugin:shouter"))).getMessage())
                .contains("plugin:<plugin>/<function>");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.bots().createBlocking(
                BotSpec.of("Shouter", "plugin:shouter").withId("shouter-bot"))).getMessage())
                .contains("has no handler");
        for (String id : List.of("shout-latest", "shout-new", "shout-pinned")) {
            admin.workers().removeBlocking(id);
        }
    }

    @Test
    void aNewVersionTakesOverASessionOnItsNextMessageAndTheOldLoaderIsCollected() throws Exception {
        admin.plugins().uploadBlocking("switcher", "1", handler("com.acme.switcher", "v1"));
        admin.bots().createBlocking(BotSpec.of("Switcher", "plugin:switcher").withId("switcher-bot"));
        assertThat(say(admin, "switcher-bot", "conv", "one")).containsExactly("v1:ONE");
        await().atMost(WAIT).until(() -> deployer(1).loaderOf("switcher", "1").isPresent());
        WeakReference<ClassLoader> old0 = weakLoader(0, "switcher", "1");
        WeakReference<ClassLoader> old1 = weakLoader(1, "switcher", "1");

        PluginVersion v2 = admin.plugins().uploadBlocking("switcher", "2", handler("com.acme.switcher", "v2"));
        assertThat(v2.state()).isEqualTo("LOADED");
        await().atMost(WAIT).untilAsserted(() -> assertThat(version(admin1, "switcher", "2").latest()).isTrue());

        assertThat(say(admin, "switcher-bot", "conv", "two")).as("the same session, its next message")
                .containsExactly("v2:TWO");
        assertThat(say(admin1, "switcher-bot", "conv", "three")).containsExactly("v2:THREE");
        assertThat(version(admin, "switcher", "1").latest()).isFalse();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            System.gc();
            return old0.get() == null && old1.get() == null;
        });
    }

    private static WeakReference<ClassLoader> weakLoader(int node, String name, String version) {
        return new WeakReference<>(deployer(node).loaderOf(name, version).orElseThrow());
    }

    @Test
    void aPinnedBotKeepsItsVersionAndRemovingTheLatestRollsBack() throws Exception {
        admin.plugins().uploadBlocking("pinned", "1", handler("com.acme.pinned", "p1"));
        admin.plugins().uploadBlocking("pinned", "2", handler("com.acme.pinned", "p2"));
        admin.bots().createBlocking(BotSpec.of("Pinned", "plugin:pinned@1").withId("pinned-bot"));
        admin.bots().createBlocking(BotSpec.of("Follower", "plugin:pinned").withId("follower-bot"));

        assertThat(say(admin, "pinned-bot", "c", "a")).containsExactly("p1:A");
        assertThat(say(admin1, "follower-bot", "c", "a")).containsExactly("p2:A");

        admin.plugins().removeBlocking("pinned", "2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin1.plugins().listBlocking("pinned"))
                .extracting(PluginVersion::version).containsExactly("1"));
        assertThat(say(admin1, "follower-bot", "c", "b")).as("rolled back to the previous version")
                .containsExactly("p1:B");
        assertThat(say(admin, "pinned-bot", "c", "b")).containsExactly("p1:B");

        BotgridException unknownVersion = failure(ErrorCode.INVALID_ARGUMENT, () -> admin.bots().createBlocking(
                BotSpec.of("Gone", "plugin:pinned@2").withId("gone-bot")));
        assertThat(unknownVersion.getMessage()).contains("plugin pinned@2 is not deployed");
        BotgridException unknownPlugin = failure(ErrorCode.INVALID_ARGUMENT, () -> admin.bots().createBlocking(
                BotSpec.of("Nope", "plugin:nope").withId("nope-bot")));
        assertThat(unknownPlugin.getMessage()).contains("no plugin 'nope' is deployed");
    }

    @Test
    void aVersionThatThrowsAtInitIsFailedWithItsReasonAndThePreviousKeepsServing() throws Exception {
        admin.plugins().uploadBlocking("fragile", "1", handler("com.acme.fragile", "f1"));
        admin.bots().createBlocking(BotSpec.of("Fragile", "plugin:fragile").withId("fragile-bot"));
        assertThat(say(admin, "fragile-bot", "c", "x")).containsExactly("f1:X");

        PluginVersion broken = admin.plugins().uploadBlocking("fragile", "2",
                TestPluginJars.handler(work, "com.acme.fragile", "f2", true));
        assertThat(broken.state()).isEqualTo("FAILED");
        assertThat(broken.latest()).isFalse();
        assertThat(broken.failure()).contains("its handler threw at init")
                .contains("java.lang.IllegalStateException: f2 refuses to start");
        await().atMost(WAIT).untilAsserted(() -> {
            PluginVersion onNode1 = version(admin1, "fragile", "2");
            assertThat(onNode1.state()).isEqualTo("FAILED");
            assertThat(onNode1.failure()).contains("f2 refuses to start");
            assertThat(version(admin1, "fragile", "1").latest()).isTrue();
        });
        assertThat(say(admin, "fragile-bot", "c", "y")).containsExactly("f1:Y");
        assertThat(say(admin1, "fragile-bot", "c2", "z")).containsExactly("f1:Z");
        BotgridException pinnedBroken = failure(ErrorCode.INVALID_ARGUMENT, () -> admin.bots().createBlocking(
                BotSpec.of("Broken", "plugin:fragile@2").withId("broken-bot")));
        assertThat(pinnedBroken.getMessage()).contains("failed to load").contains("f2 refuses to start");
    }

    @Test
    void badUploadsAreRefusedWithTheirStatusAndChangesAreAudited() throws Exception {
        byte[] good = handler("com.acme.checked", "c1");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.plugins().uploadBlocking("Bad Name", "1", good))
                .getMessage()).contains("plugin name 'Bad Name' is malformed");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.plugins().uploadBlocking("checked", "1/2", good))
                .getMessage()).contains("plugin version '1/2' is malformed");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.plugins().uploadBlocking("checked", "1",
                new byte[0])).getMessage()).contains("the jar is empty");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.plugins().uploadBlocking("checked", "1",
                new byte[8 * 1024 * 1024 + 1])).getMessage()).contains("more than the 8388608 allowed");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.plugins().uploadBlocking("checked", "1",
                "just text".getBytes(StandardCharsets.UTF_8))).getMessage()).contains("the bytes are not a jar");
        byte[] noService = TestPluginJars.withoutService();
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.plugins().uploadBlocking("checked", "1",
                noService)).getMessage()).contains("must declare exactly one handler")
                .contains("or at least one worker function").contains("none");
        byte[] two = TestPluginJars.jar(work, "com.acme.twice", TWO_SOURCE,
                List.of("com.acme.twice.Handler", "com.acme.twice.Handler$Other"));
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.plugins().uploadBlocking("checked", "1", two))
                .getMessage()).contains("it declares 2");

        StatusRuntimeException mismatch = rawUpload(UploadPluginRequest.newBuilder().setName("checked")
                .setVersion("1").setJar(ByteString.copyFrom(good)).setSha256("ab".repeat(32)).build());
        assertThat(mismatch.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(mismatch.getStatus().getDescription()).contains("SHA-256 mismatch");

        admin.plugins().uploadBlocking("checked", "1", good);
        assertThat(failure(ErrorCode.ALREADY_EXISTS, () -> admin.plugins().uploadBlocking("checked", "1", good))
                .getMessage()).contains("plugin checked@1 is stored already");
        assertThat(failure(ErrorCode.NOT_FOUND, () -> admin.plugins().removeBlocking("checked", "9"))
                .getMessage()).contains("plugin checked@9 is not stored");
        BotgridException denied = failure(ErrorCode.PERMISSION_DENIED,
                () -> operator.plugins().uploadBlocking("checked", "2", good));
        assertThat(denied.getMessage()).contains("role 'operator'").contains("UploadPlugin").contains("needs admin");
        failure(ErrorCode.PERMISSION_DENIED, () -> operator.plugins().removeBlocking("checked", "1"));
        assertThat(operator.plugins().listBlocking("checked")).extracting(PluginVersion::version)
                .as("an operator may list").containsExactly("1");
        admin.plugins().removeBlocking("checked", "1");
        assertThat(admin.plugins().listBlocking("checked")).isEmpty();

        await().atMost(WAIT).untilAsserted(() -> {
            List<AuditEntry> entries = admin.audit().listBlocking(AuditQuery.newest().withTarget("checked@1"))
                    .items();
            assertThat(entries).extracting(AuditEntry::action, AuditEntry::result).contains(
                    org.assertj.core.groups.Tuple.tuple("PluginService/UploadPlugin", "OK"),
                    org.assertj.core.groups.Tuple.tuple("PluginService/UploadPlugin", "ALREADY_EXISTS"),
                    org.assertj.core.groups.Tuple.tuple("PluginService/UploadPlugin", "INVALID_ARGUMENT"),
                    org.assertj.core.groups.Tuple.tuple("PluginService/RemovePlugin", "OK"));
            assertThat(entries).allSatisfy(e -> assertThat(e.actor()).isEqualTo("api-key:ops"));
            assertThat(admin.audit().listBlocking(AuditQuery.newest().withActor("api-key:dashboard")
                    .withAction("UploadPlugin")).items()).extracting(AuditEntry::result)
                    .as("the operator's refused upload, recorded before its request is read")
                    .contains("PERMISSION_DENIED");
        });
    }

    @Test
    void theCliUploadsListsAndRemoves() throws Exception {
        Path jar = work.resolve("cli-plugin.jar");
        java.nio.file.Files.write(jar, handler("com.acme.cli", "cli1"));
        String endpoint = "127.0.0.1:" + cluster.node(1).grpcPort();

        String uploaded = cli(0, "plugins", "upload", "cli-plugin", "0.1", jar.toString(), "-e", endpoint,
                "--token", ADMIN);
        assertThat(uploaded).startsWith("uploaded cli-plugin@0.1 (").contains("): LOADED, latest");
        assertThat(cli(0, "plugins", "list", "cli-plugin", "-e", endpoint, "--token", OPERATOR))
                .containsPattern("cli-plugin\\s+0\\.1\\s+yes\\s+LOADED\\s+\\d+\\s+api-key:ops");
        assertThat(cli(2, "plugins", "upload", "cli-plugin", "0.2", jar.toString(), "-e", endpoint,
                "--token", OPERATOR)).startsWith("botgrid: PERMISSION_DENIED");
        assertThat(cli(2, "plugins", "remove", "cli-plugin", "9", "-e", endpoint, "--token", ADMIN))
                .startsWith("botgrid: NOT_FOUND").contains("plugin cli-plugin@9 is not stored");
        assertThat(cli(0, "plugins", "remove", "cli-plugin", "0.1", "-e", endpoint, "--token", ADMIN))
                .isEqualTo("removed cli-plugin@0.1\n");
        assertThat(admin.plugins().listBlocking("cli-plugin")).isEmpty();
    }

    /** Runs the CLI, which must exit with {@code exit}; answers its output (its errors when it fails). */
    private static String cli(int exit, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = io.botgrid.cli.BotgridCli.commandLine(new java.io.ByteArrayInputStream(
                new byte[0]));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        int code = cli.execute(args);
        assertThat(code).as(out + " / " + err).isEqualTo(exit);
        return exit == 0 ? out.toString() : err.toString();
    }

    private static final String TWO_SOURCE = """
            package com.acme.twice;

            import io.botgrid.bots.BotHandler;
            import io.botgrid.bots.ConfiguredHandler;
            import io.botgrid.bots.HandlerResult;
            import java.util.concurrent.CompletableFuture;

            public class Handler implements BotHandler {
                @Override
                public String name() {
                    return "one";
                }

                @Override
                public ConfiguredHandler configure(String settings) {
                    return r -> CompletableFuture.completedFuture(HandlerResult.reply("one"));
                }

                public static class Other extends Handler {
                }
            }
            """;

    private static StatusRuntimeException rawUpload(UploadPluginRequest request) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", cluster.node(0).grpcPort(),
                InsecureChannelCredentials.create()).build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ADMIN);
            Throwable thrown = catchThrowable(() -> PluginServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(30, TimeUnit.SECONDS).uploadPlugin(request));
            assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
            return (StatusRuntimeException) thrown;
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
