package io.botgrid.it.console;

import static io.botgrid.it.console.ConsoleChecks.afterClick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.it.ItSupport;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.spi.WorkerMessage;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.AutoscalePolicy;
import java.util.Map;
import java.util.Optional;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import io.botgrid.testkit.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/**
 * The console as a node serves it: over HTTPS with the gRPC front's certificate (the session cookie is then
 * {@code Secure}), open on a node without credentials (as the gRPC front is, and documented so), and a node whose
 * console cannot bind, or whose start fails, or that stops with a live view open, never hangs.
 */
class ConsoleNodeTest {
    static final String ADMIN_KEY = "console-tls-admin-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void overTlsTheSessionCookieIsSecureAndTheBrowserSignsIn() throws Exception {
        Certificates certs = selfSigned(dir);
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).console()
                .configure(b -> b.grpcTlsCertFile(certs.cert()).grpcTlsKeyFile(certs.key())
                        .grpcApiKeys(List.of(ApiKey.of("ops", ADMIN_KEY, Role.ADMIN)))).start();
             ConsoleBrowser browser = new ConsoleBrowser()) {
            String base = cluster.node(0).consoleUri().orElseThrow().toString();
            assertThat(base).startsWith("https://127.0.0.1:");
            browser.signIn(base, ADMIN_KEY);
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(base + "/cluster");
            Cookie cookie = browser.driver.manage().getCookieNamed("botgrid_console");
            assertThat(cookie.isSecure()).as("Secure over TLS").isTrue();
            assertThat(cookie.isHttpOnly()).isTrue();
            assertThat(cookie.getSameSite()).isEqualTo("Strict");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(browser.driver.findElements(
                    By.cssSelector("#nodes tr[data-state=SERVING]"))).hasSize(1));
            browser.screenshot("cluster-tls");
        }
    }

    @Test
    void aNodeWithoutCredentialsServesTheConsoleOpenAsDocumentedButStillChecksCsrf() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).console().start();
             ConsoleBrowser browser = new ConsoleBrowser()) {
            String base = cluster.node(0).consoleUri().orElseThrow().toString();
            browser.open(base + "/signin");
            assertThat(browser.text("#no-signin")).contains("no API keys and no JWT secret");
            browser.open(base + "/bots/new");
            assertThat(browser.text("#open-console")).contains("lets anyone who reaches its port in as admin");
            assertThat(browser.text("#who")).isEqualTo("anonymous (admin)");
            browser.find("#bot-id").sendKeys("open-bot");
            browser.find("#bot-name").sendKeys("Open");
            browser.find("#create").click();
            afterClick(() -> assertThat(browser.text("#bot-state")).isEqualTo("active"));
            browser.screenshot("open-node");

            ConsoleHttp http = new ConsoleHttp(base.substring(0, base.indexOf("/console")));
            HttpResponse<String> r = http.post("/console/bots/open-bot/pause", null, "", http.origin);
            assertThat(r.statusCode()).as("no CSRF token: refused even on an open node").isEqualTo(403);
            assertThat(cluster.node(0).bots().getBot("open-bot").get(20, TimeUnit.SECONDS).getState().name())
                    .isEqualTo("BOT_STATE_ACTIVE");
        }
    }

    @Test
    void aConsolePortInUseStopsTheStartWithTheReasonAndAFailedStartReleasesThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NodeConfig config = single("console-taken").consolePort(taken.getLocalPort()).build();
            long started = System.nanoTime();
            assertThatThrownBy(() -> BotgridNode.builder().config(config).start())
                    .hasMessageContaining("could not start its console on 127.0.0.1:" + taken.getLocalPort());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        // the cluster's TLS files are missing: the start fails after the console bound its port
        NodeConfig bad = single("console-bad-start").consolePort(port)
                .clusterTls(new io.botgrid.node.ClusterTlsConfig(dir.resolve("missing.p12"), dir.resolve("missing.p12"),
                        Files.writeString(dir.resolve("pw"), "x\n"))).build();
        assertThatThrownBy(() -> BotgridNode.builder().config(bad).start()).hasStackTraceContaining("missing.p12");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the failed node's console let its port go").isEqualTo(port);
        }
    }

    @Test
    void aNodeStopsPromptlyWithALiveConversationViewOpen() throws Exception {
        TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).console().start();
        try {
            BotgridNode node = cluster.node(0);
            node.bots().createBot(io.botgrid.proto.v1.CreateBotRequest.newBuilder().setBotId("live").setName("Live")
                    .setHandler("echo").build()).get(20, TimeUnit.SECONDS);
            URI events = URI.create(node.consoleUri().orElseThrow()
                    + "/bots/live/conversation/events?conversation=c1&after=0");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(events).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            byte[] first = stream.body().readNBytes(": live".length());
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(": live");

            long started = System.nanoTime();
            cluster.stopNode(0);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("stop with a live view open")
                    .isLessThan(Duration.ofSeconds(30));
            assertThat(stream.body().readAllBytes()).as("the stream ended").isNotNull();
        } finally {
            cluster.close();
        }
    }

    @Test
    void theWorkersPageShowsAChainsStagesBacklogAndTheAutoscalersDecisions() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).console().start();
             ConsoleBrowser browser = new ConsoleBrowser()) {
            BotgridNode node = cluster.node(0);
            node.workerCluster().declare(ChainSpec.of("scaled", List.of(
                    ChainSpec.Stage.of("in", FunctionRef.of("echo")),
                    ChainSpec.Stage.of("slow", FunctionRef.of("delay", Map.of("millis", "20")))
                            .withInstances(1, 6).withQueueCapacity(500)
                            .withAutoscale(AutoscalePolicy.DEFAULT.withTargetBacklog(5)
                                    .withCooldown(Duration.ofSeconds(1))))));
            await().atMost(Duration.ofSeconds(30)).until(() -> node.workers().status("scaled")
                    .map(s -> s.state() == WorkerState.RUNNING).orElse(false));
            for (int i = 0; i < 300; i++) {
                node.workers().push("scaled", Optional.empty(), WorkerMessage.of("i" + i));
            }
            browser.open(node.consoleUri().orElseThrow() + "/workers");
            await().atMost(Duration.ofSeconds(40)).ignoreExceptions().untilAsserted(() -> {
                browser.driver.navigate().refresh();
                assertThat(browser.text("section[data-spec=scaled] table.decisions")).contains("up").contains("slow");
            });
            assertThat(browser.text("section[data-spec=scaled] table.stages")).contains("in").contains("slow");
            browser.screenshot("workers-chain");
        }
    }

    private NodeConfig.Builder single(String name) throws IOException {
        int discovery;
        try (ServerSocket s = new ServerSocket(0)) {
            discovery = s.getLocalPort();
        }
        return NodeConfig.builder().nodeName(name).dataDir(dir.resolve(name)).discoveryPort(discovery)
                .communicationPort(discovery + 1).portRange(0).grpcEnabled(false).metricsPort(-1).endpointPort(0)
                .haltOnCriticalFailure(false).dataRegionSizeMb(64);
    }

    record Certificates(Path cert, Path key) {
    }

    /** A self-signed certificate for 127.0.0.1 as PEM files, made with the JDK's keytool. */
    static Certificates selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        char[] password = "test-only".toCharArray();
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "botgrid", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(password),
                "-keypass", new String(password)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool: " + output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        PrivateKey key = (PrivateKey) ks.getKey("botgrid", password);
        Certificate cert = ks.getCertificate("botgrid");
        Path certFile = Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyFile = Files.writeString(dir.resolve("server.key"), pem("PRIVATE KEY", key.getEncoded()));
        return new Certificates(certFile, keyFile);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
