package io.botgrid.it.console;

import static io.botgrid.it.console.ConsoleChecks.afterClick;
import static io.botgrid.it.console.ConsoleChecks.assertRefused;
import static io.botgrid.it.console.ConsoleChecks.audit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.bots.plugins.PluginCatalog;
import io.botgrid.client.AuditEntry;
import io.botgrid.client.AuditQuery;
import io.botgrid.client.BotSpec;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.ChannelKind;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.Reply;
import io.botgrid.client.WebhookSettings;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.it.plugins.TestPluginJars;
import io.botgrid.testkit.TestCluster;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's channel forms and plugins page in a real browser (Debian's Chromium, headless) against a real node
 * with API keys: an admin connects, reconfigures and disconnects a webhook channel and the secret typed in is never
 * sent back; an admin uploads a plugin jar compiled in the test, a bot named {@code plugin:<name>} answers through it
 * over the SDK, a version whose handler throws at init is listed as failed with the reason while the previous one
 * keeps serving, and the admin removes both; bad uploads get the catalog's message with a precise HTTP code; an
 * operator sees no forms and forged changes are refused and audited. Screenshots go to
 * {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleChannelsAndPluginsTest {
    static final String ADMIN_KEY = "console-admin-key-0123456789";
    static final String OPERATOR_KEY = "console-operator-key-0123456789";
    static final Duration WAIT = Duration.ofSeconds(45);
    /** Random, so its absence from a page means the page never had it. */
    static final String SECRET = "whsec-" + UUID.randomUUID();
    static final String SECRET_2 = "whsec-" + UUID.randomUUID();

    @TempDir
    Path work;

    TestCluster cluster;
    ConsoleBrowser browser;
    ConsoleHttp http;
    String base;
    BotgridClient admin;

    @BeforeAll
    void start() {
        List<ApiKey> keys = List.of(ApiKey.of("ops", ADMIN_KEY, Role.ADMIN),
                ApiKey.of("dashboard", OPERATOR_KEY, Role.OPERATOR));
        cluster = TestCluster.builder().nodes(1).actorTypes(io.botgrid.actor.ActorTypes.none()).console()
                .configure(b -> b.grpcApiKeys(keys)).start();
        base = cluster.node(0).consoleUri().orElseThrow().toString();
        http = new ConsoleHttp(base.substring(0, base.indexOf("/console")));
        admin = BotgridClient.builder().endpoints("127.0.0.1:" + cluster.node(0).grpcPort()).token(ADMIN_KEY)
                .defaultDeadline(Duration.ofSeconds(20)).build();
        browser = new ConsoleBrowser();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {browser, admin, cluster}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    @Order(1)
    void anAdminConnectsReconfiguresAndDisconnectsAWebhookChannelAndTheSecretIsNeverShown() throws Exception {
        admin.bots().createBlocking(BotSpec.of("Hooked", "echo").withId("hooked"));
        browser.signIn(base, ADMIN_KEY);
        browser.open(base + "/bots/hooked");
        browser.find("#webhook-secret").sendKeys(SECRET);
        browser.find("#webhook-url").sendKeys("http://127.0.0.1:9/replies");
        browser.find("#connect-webhook-button").click();
        afterClick(() -> assertThat(browser.text("#channels")).contains("CHANNEL_KIND_WEBHOOK at /webhook/hooked")
                .contains("http://127.0.0.1:9/replies").contains("…" + SECRET.substring(SECRET.length() - 4)));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/bots/hooked");
        assertThat(browser.driver.getPageSource()).doesNotContain(SECRET);
        assertThat(browser.find("#webhook-secret").getAttribute("value")).as("the form starts empty").isEmpty();
        var channel = admin.bots().getBlocking("hooked").channel(ChannelKind.WEBHOOK).orElseThrow();
        assertThat(channel.settings()).containsEntry("url", "http://127.0.0.1:9/replies");

        browser.find("#webhook-secret").sendKeys(SECRET_2);
        browser.find("#webhook-url").sendKeys("http://127.0.0.1:9/v2");
        browser.find("#connect-webhook-button").click();
        afterClick(() -> assertThat(browser.text("#channels")).contains("http://127.0.0.1:9/v2")
                .contains("…" + SECRET_2.substring(SECRET_2.length() - 4)));
        browser.screenshot("bot-channels");
        String cookie = http.signIn(ADMIN_KEY);
        assertThat(http.get("/console/bots/hooked", cookie).body()).as("what the server sends, byte for byte")
                .doesNotContain(SECRET).doesNotContain(SECRET_2);

        String csrf = http.csrf(cookie);
        assertRefused(http.post("/console/bots/hooked/channels", cookie, "csrf=" + csrf + "&kind=telegram",
                http.origin), 400, "kind must be webhook, slack or slack-socket, got &#39;telegram&#39;");
        assertRefused(http.post("/console/bots/hooked/channels", cookie, "csrf=" + csrf
                + "&kind=webhook&secret=s3cret-s3cret&url=ftp%3A%2F%2Fexample.com", http.origin), 400,
                "CHANNEL_KIND_WEBHOOK setting url must be an http(s) URL");
        assertRefused(http.post("/console/bots/no-such-bot/channels", cookie, "csrf=" + csrf
                + "&kind=webhook&secret=s3cret-s3cret&url=http%3A%2F%2F127.0.0.1%3A9%2Fx", http.origin), 404,
                "no-such-bot");

        browser.find("#disconnect-webhook").click();
        afterClick(() -> assertThat(browser.text("#channels")).doesNotContain("WEBHOOK"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/bots/hooked");
        assertThat(admin.bots().getBlocking("hooked").channel(ChannelKind.WEBHOOK)).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(audit(admin, "ops")).contains(
                "Console/ConnectChannel hooked/webhook OK", "Console/ConnectChannel hooked/telegram INVALID_ARGUMENT",
                "Console/DisconnectChannel hooked/webhook OK"));
        assertThat(admin.audit().listBlocking(AuditQuery.newest().withPageSize(200)).items())
                .as("no audit entry carries a secret").map(AuditEntry::toString)
                .noneMatch(e -> e.contains("s3cret") || e.contains(SECRET) || e.contains(SECRET_2));
    }

    @Test
    @Order(2)
    void anAdminUploadsAPluginABotAnswersThroughItAndTheAdminRemovesIt() throws Exception {
        byte[] jar = TestPluginJars.handler(work, "com.acme.consoled", "console-1", false);
        Path file = work.resolve("consoled-1.0.0.jar");
        Files.write(file, jar);
        browser.open(base + "/plugins");
        browser.find("#plugin-name").sendKeys("consoled");
        browser.find("#plugin-version").sendKeys("1.0.0");
        browser.find("#plugin-jar").sendKeys(file.toAbsolutePath().toString());
        browser.find("#upload").click();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
        afterClick(() -> assertThat(browser.text("#plugins tr[data-plugin='consoled@1.0.0']")).contains("consoled",
                "1.0.0 latest", "loaded", sha, jar.length + " B", "api-key:ops", "com.acme.consoled.Handler"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/plugins");

        admin.bots().createBlocking(BotSpec.of("Consoled", "plugin:consoled").withId("consoled-bot"));
        assertThat(admin.conversations().sendBlocking(ConversationRef.of("consoled-bot", "c1", "user-1"), "hi")
                .replies().stream().map(Reply::text).toList()).containsExactly("console-1:HI");

        String cookie = http.signIn(ADMIN_KEY);
        String csrf = http.csrf(cookie);
        assertRefused(http.postMultipart("/console/plugins", cookie, Map.of("csrf", csrf, "name", "consoled",
                "version", "1.0.0"), "consoled.jar", jar, http.origin), 409, "is stored already");
        HttpResponse<String> broken = http.postMultipart("/console/plugins", cookie, Map.of("csrf", csrf, "name",
                "consoled", "version", "2.0.0"), "consoled-2.jar",
                TestPluginJars.handler(work, "com.acme.consoled2", "console-2", true), http.origin);
        assertThat(broken.statusCode()).as("stored, though it does not load: the list says why").isEqualTo(303);
        browser.open(base + "/plugins");
        assertThat(browser.text("#plugins tr[data-plugin='consoled@2.0.0'] .state")).startsWith("failed: ")
                .contains("console-2 refuses to start");
        assertThat(browser.text("#plugins tr[data-plugin='consoled@1.0.0']")).contains("1.0.0 latest");
        assertThat(admin.conversations().sendBlocking(ConversationRef.of("consoled-bot", "c1", "user-1"), "again")
                .replies().stream().map(Reply::text).toList()).as("the previous version keeps serving")
                .containsExactly("console-1:AGAIN");
        browser.screenshot("plugins");

        browser.find("#plugins tr[data-plugin='consoled@2.0.0'] button.remove").click();
        afterClick(() -> assertThat(browser.present("#plugins tr[data-plugin='consoled@2.0.0']")).isFalse());
        browser.find("#plugins tr[data-plugin='consoled@1.0.0'] button.remove").click();
        afterClick(() -> assertThat(browser.text("#no-plugins")).isEqualTo("No plugin is deployed."));
        assertThat(browser.present("#plugins tr[data-plugin='consoled@1.0.0']")).isFalse();
        assertThat(admin.plugins().listBlocking("consoled")).isEmpty();
        assertRefused(http.post("/console/plugins/consoled/1.0.0/remove", cookie, "csrf=" + csrf, http.origin), 404,
                "plugin consoled@1.0.0 is not stored");
        await().atMost(WAIT).untilAsserted(() -> assertThat(audit(admin, "ops")).contains(
                "Console/UploadPlugin consoled@1.0.0 OK", "Console/UploadPlugin consoled@1.0.0 ALREADY_EXISTS",
                "Console/UploadPlugin consoled@2.0.0 OK", "Console/RemovePlugin consoled@2.0.0 OK",
                "Console/RemovePlugin consoled@1.0.0 OK", "Console/RemovePlugin consoled@1.0.0 NOT_FOUND"));
    }

    @Test
    @Order(3)
    void aBadUploadGetsTheCatalogsMessageWithAPreciseStatus() throws Exception {
        String cookie = http.signIn(ADMIN_KEY);
        String csrf = http.csrf(cookie);
        Map<String, String> fields = Map.of("csrf", csrf, "name", "junk", "version", "1");
        assertRefused(http.postMultipart("/console/plugins", cookie, fields, "junk.jar",
                "not a jar at all".getBytes(StandardCharsets.UTF_8), http.origin), 400,
                "plugin junk@1: the bytes are not a jar");
        assertRefused(http.postMultipart("/console/plugins", cookie, fields, "big.jar",
                new byte[PluginCatalog.MAX_JAR_BYTES + 1], http.origin), 400, "bytes, more than the");
        assertRefused(http.postMultipart("/console/plugins", cookie, fields, null, null, http.origin), 400,
                "no jar: choose the plugin&#39;s jar file");
        assertRefused(http.postMultipart("/console/plugins", cookie, Map.of("csrf", csrf, "name", "Bad Name",
                "version", "1"), "x.jar", TestPluginJars.withoutService(), http.origin), 400,
                "plugin name &#39;Bad Name&#39; is malformed");
        assertRefused(http.postMultipart("/console/bots", cookie, fields, null, null, http.origin), 415,
                "a form must be application/x-www-form-urlencoded");
        assertThat(admin.plugins().listBlocking("junk")).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(audit(admin, "ops"))
                .contains("Console/UploadPlugin junk@1 INVALID_ARGUMENT"));
    }

    @Test
    @Order(4)
    void anOperatorSeesNoFormsAndForgedChangesAreRefusedAndAudited() throws Exception {
        admin.plugins().uploadBlocking("kept", "1", TestPluginJars.handler(work, "com.acme.kept", "kept", false));
        admin.bots().connectWebhookBlocking("hooked", new WebhookSettings(SECRET, "http://127.0.0.1:9/replies"));
        browser.open(base + "/cluster");
        browser.find("#signout").click();
        browser.signIn(base, OPERATOR_KEY);
        assertThat(browser.text("#who")).isEqualTo("api-key:dashboard (operator)");
        browser.open(base + "/bots/hooked");
        assertThat(browser.text("#channels")).contains("CHANNEL_KIND_WEBHOOK");
        assertThat(browser.driver.getPageSource()).doesNotContain(SECRET);
        assertThat(browser.present("form[action*='/channels']")).as("no channel forms, no Disconnect for an operator")
                .isFalse();
        browser.open(base + "/plugins");
        assertThat(browser.text("#plugins tr[data-plugin='kept@1']")).contains("loaded");
        assertThat(browser.present("#upload-plugin")).as("no upload form for an operator").isFalse();
        assertThat(browser.present("button.remove")).as("no remove buttons for an operator").isFalse();

        String cookie = http.signIn(OPERATOR_KEY);
        String csrf = http.csrf(cookie);
        assertRefused(http.post("/console/bots/hooked/channels", cookie, "csrf=" + csrf
                + "&kind=webhook&secret=forged-secret&url=http%3A%2F%2F127.0.0.1%3A9%2Fx", http.origin), 403,
                "role operator may look but not change");
        assertRefused(http.postMultipart("/console/plugins", cookie, Map.of("csrf", csrf, "name", "evil",
                "version", "1"), "evil.jar", TestPluginJars.handler(work, "com.acme.evil", "evil", false),
                http.origin), 403, "role operator may look but not change");
        assertRefused(http.post("/console/plugins/kept/1/remove", cookie, "csrf=" + csrf, http.origin), 403,
                "role operator may look but not change");
        assertThat(admin.bots().getBlocking("hooked").channel(ChannelKind.WEBHOOK).orElseThrow().settings())
                .as("the forged settings were not stored").containsEntry("url", "http://127.0.0.1:9/replies");
        assertThat(admin.plugins().listBlocking("kept")).hasSize(1);
        assertThat(admin.plugins().listBlocking("evil")).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(audit(admin, "dashboard")).contains(
                "Console/ConnectChannel hooked/webhook PERMISSION_DENIED",
                "Console/UploadPlugin evil@1 PERMISSION_DENIED", "Console/RemovePlugin kept@1 PERMISSION_DENIED"));
    }

    /** Waits for the page a click loads: until then an element read may be the old page's, or gone. */
}
