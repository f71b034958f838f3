package io.botgrid.it.console;

import static io.botgrid.it.console.ConsoleChecks.afterClick;
import static io.botgrid.it.console.ConsoleChecks.assertRefused;
import static io.botgrid.it.console.ConsoleChecks.audit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.client.BotgridClient;
import io.botgrid.client.ConversationRef;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.it.ItSupport;
import io.botgrid.testkit.TestCluster;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The web console in a real browser (Debian's Chromium, headless) against a real 3-node cluster with API keys: an
 * admin signs in, creates a bot, watches a conversation held through the SDK appear live, pauses the bot and sees a
 * node die; an operator looks but is refused changes; bad sign-ins, requests without a CSRF token or from another
 * origin, and malformed input get precise HTTP codes. Each page is saved as a screenshot under
 * {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest {
    static final String ADMIN_KEY = "console-admin-key-0123456789";
    static final String OPERATOR_KEY = "console-operator-key-0123456789";
    static final String CLIENT_KEY = "console-client-key-0123456789";
    static final Duration WAIT = Duration.ofSeconds(45);

    TestCluster cluster;
    ConsoleBrowser browser;
    ConsoleHttp http;
    String base;
    BotgridClient admin;

    @BeforeAll
    void start() {
        List<ApiKey> keys = List.of(ApiKey.of("ops", ADMIN_KEY, Role.ADMIN),
                ApiKey.of("dashboard", OPERATOR_KEY, Role.OPERATOR), ApiKey.of("app", CLIENT_KEY, Role.CLIENT));
        cluster = TestCluster.builder().nodes(3).actorTypes(ItSupport.ledgerTypes()).console()
                .configure(b -> b.grpcApiKeys(keys)).start();
        base = cluster.node(0).consoleUri().orElseThrow().toString();
        http = new ConsoleHttp(base.substring(0, base.indexOf("/console")));
        admin = BotgridClient.builder().endpoints("127.0.0.1:" + cluster.node(0).grpcPort(),
                "127.0.0.1:" + cluster.node(1).grpcPort()).token(ADMIN_KEY)
                .defaultDeadline(Duration.ofSeconds(20)).build();
        browser = new ConsoleBrowser();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void anAdminSignsInCreatesABotWatchesItsConversationLiveAndPausesIt() throws Exception {
        browser.open(base);
        assertThat(browser.driver.getCurrentUrl()).as("not signed in: sent to the sign-in page").endsWith("/signin");
        browser.screenshot("signin");
        browser.signIn(base, ADMIN_KEY);
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/cluster");
        assertThat(browser.text("#who")).isEqualTo("api-key:ops (admin)");
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.driver.findElements(
                By.cssSelector("#nodes tr[data-state=SERVING]"))).hasSize(3));
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.driver.findElements(
                By.cssSelector("#nodes td.partitions")).stream().map(e -> Integer.parseInt(e.getText())).toList())
                .as("every node owns partitions").hasSize(3).allMatch(p -> p > 0));
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.text("#charts")).contains("Actor messages /s"));
        browser.screenshot("cluster");

        browser.open(base + "/bots");
        browser.find("#new-bot").click();
        afterClick(() -> assertThat(browser.present("#bot-id")).isTrue());
        browser.find("#bot-id").sendKeys("greeter");
        browser.find("#bot-name").sendKeys("Greeter");
        browser.find("#create").click();
        afterClick(() -> assertThat(browser.driver.getCurrentUrl()).endsWith("/console/bots/greeter"));
        afterClick(() -> assertThat(browser.text("#bot-state")).isEqualTo("active"));
        assertThat(browser.text("#bot-handler")).isEqualTo("echo");

        ConversationRef ref = new ConversationRef("greeter", "default", "c1", "alice");
        assertThat(admin.conversations().sendBlocking(ref, "hello console").replies()).isNotEmpty();
        browser.open(base + "/bots/greeter/conversation?platform=grpc&team=default&conversation=c1");
        assertThat(browser.driver.findElements(By.cssSelector("#turns li"))).hasSize(2);
        assertThat(browser.text("#turns li.user")).contains("alice").contains("hello console");
        // a new message and its reply appear without a reload: pushed as server-sent events
        admin.conversations().sendBlocking(ref, "second message");
        await().atMost(WAIT).untilAsserted(() -> {
            List<String> turns = browser.driver.findElements(By.cssSelector("#turns li")).stream()
                    .map(e -> e.getText()).toList();
            assertThat(turns).hasSize(4);
            assertThat(turns.get(2)).contains("alice").contains("second message");
            assertThat(turns.get(3)).startsWith("bot").contains("second message");
        });
        browser.screenshot("conversation");

        browser.open(base + "/actors?type=session&key=greeter%7Cgrpc%7Cdefault%7Cc1");
        assertThat(browser.text("#owner")).startsWith("node-");
        assertThat(browser.text("#backups")).startsWith("node-");
        assertThat(browser.driver.findElements(By.cssSelector("#events tbody tr"))).isNotEmpty();
        browser.screenshot("actors");

        // the bot's counters are summed once a second: reload until both messages are counted
        await().atMost(WAIT).untilAsserted(() -> {
            browser.open(base + "/bots/greeter");
            assertThat(browser.text("#bot-stats")).contains("messages in 2");
        });
        browser.find("#pause").click();
        afterClick(() -> assertThat(browser.text("#bot-state")).isEqualTo("paused"));
        browser.screenshot("bot");
        browser.find("#edit-name").sendKeys("Greeter 2");
        browser.find("#save").click();
        afterClick(() -> assertThat(browser.text("#bot-name")).isEqualTo("Greeter 2"));
        assertThat(browser.text("#bot-handler")).as("an empty field keeps its value").isEqualTo("echo");
        browser.open(base + "/bots?state=paused");
        assertThat(browser.find("#bots tr[data-bot=greeter] .state").getText()).isEqualTo("paused");
        browser.screenshot("bots");
        browser.open(base + "/workers");
        assertThat(browser.text("h1")).isEqualTo("Workers & chains");
        browser.screenshot("workers");

        await().atMost(WAIT).untilAsserted(() -> assertThat(audit(admin, "ops")).contains(
                "Console/SignIn  OK", "Console/CreateBot greeter OK", "Console/PauseBot greeter OK",
                "Console/UpdateBot greeter OK"));
    }

    @Test
    @Order(2)
    void anOperatorLooksButEveryChangeIsRefusedAndAudited() throws Exception {
        browser.open(base + "/cluster");
        browser.find("#signout").click();
        browser.signIn(base, OPERATOR_KEY);
        assertThat(browser.text("#who")).isEqualTo("api-key:dashboard (operator)");
        browser.open(base + "/bots");
        assertThat(browser.present("#new-bot")).as("no 'New bot' for an operator").isFalse();
        browser.open(base + "/bots/greeter");
        assertThat(browser.text("#bot-state")).isEqualTo("paused");
        assertThat(browser.present("#resume")).as("no change buttons for an operator").isFalse();
        browser.open(base + "/bots/new");
        assertThat(browser.text("#error")).contains("role operator may look but not change");

        String cookie = http.signIn(OPERATOR_KEY);
        String csrf = http.csrf(cookie);
        HttpResponse<String> r = http.post("/console/bots/greeter/resume", cookie, "csrf=" + csrf, http.origin);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("role operator may look but not change");
        await().atMost(WAIT).untilAsserted(() -> assertThat(audit(admin, "dashboard"))
                .contains("Console/ResumeBot greeter PERMISSION_DENIED"));
        assertThat(admin.bots().getBlocking("greeter").state().name()).isEqualTo("PAUSED");
    }

    @Test
    @Order(3)
    void aBadSignInIsRefusedWithTheReasonAndAudited() throws Exception {
        browser.open(base + "/cluster");
        if (browser.present("#signout")) {
            browser.find("#signout").click();
        }
        browser.signIn(base, "not-a-key");
        assertThat(browser.text("#error")).isEqualTo("Sign-in refused: the bearer token is not a known API key");
        assertThat(browser.present("#who")).isFalse();
        HttpResponse<String> r = http.post("/console/signin", null, "token=not-a-key", http.origin);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> client = http.post("/console/signin", null, "token=" + CLIENT_KEY, http.origin);
        assertThat(client.statusCode()).as("a client role talks to bots, it does not run them").isEqualTo(403);
        await().atMost(WAIT).untilAsserted(() -> assertThat(audit(admin, "unauthenticated"))
                .contains("Console/SignIn  UNAUTHENTICATED"));
    }

    @Test
    @Order(4)
    void aChangeWithoutTheCsrfTokenOrFromAnotherOriginIsRefused() throws Exception {
        String cookie = http.signIn(ADMIN_KEY);
        String csrf = http.csrf(cookie);
        HttpResponse<String> noToken = http.post("/console/bots/greeter/resume", cookie, "", http.origin);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("missing or wrong CSRF token");
        HttpResponse<String> wrongToken = http.post("/console/bots/greeter/resume", cookie, "csrf=x" + csrf,
                http.origin);
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        HttpResponse<String> foreign = http.post("/console/bots/greeter/resume", cookie, "csrf=" + csrf,
                "https://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("cross-origin request refused");
        HttpResponse<String> noOrigin = http.post("/console/bots/greeter/resume", cookie, "csrf=" + csrf, null);
        assertThat(noOrigin.statusCode()).isEqualTo(403);
        assertThat(admin.bots().getBlocking("greeter").state().name()).as("nothing changed").isEqualTo("PAUSED");

        HttpResponse<String> ok = http.post("/console/bots/greeter/resume", cookie, "csrf=" + csrf, http.origin);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(admin.bots().getBlocking("greeter").state().name()).isEqualTo("ACTIVE");

        HttpResponse<String> signIn = http.post("/console/signin", null, "token=" + ADMIN_KEY, http.origin);
        assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly")
                .contains("SameSite=Strict").contains("Path=/console").doesNotContain("Secure");
        HttpResponse<String> page = http.get("/console/cluster", cookie);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    @Order(5)
    void badInputGetsAPreciseStatusAndMessageNeverAStackTrace() throws Exception {
        String cookie = http.signIn(ADMIN_KEY);
        String csrf = http.csrf(cookie);
        assertRefused(http.get("/console/actors?type=no%20spaces&key=k", cookie), 400, "actor type must be");
        assertRefused(http.get("/console/bots?state=sleeping", cookie), 400, "state must be all, active or paused");
        assertRefused(http.post("/console/bots", cookie, "csrf=" + csrf + "&name=%zz", http.origin), 400,
                "not well url-encoded");
        assertRefused(http.get("/console/bots/no-such-bot", cookie), 404, "no-such-bot");
        assertRefused(http.get("/console/nothing", cookie), 404, "no such page");
        assertRefused(http.get("/console/bots/greeter/conversation", cookie), 400, "conversation is required");
        assertRefused(http.get("/console/bots/greeter/conversation/events?conversation=c1&after=x", cookie), 400,
                "after must be a sequence number");
        assertRefused(http.post("/console/bots", cookie, "csrf=" + csrf + "&name=&handler=echo", http.origin), 400,
                "name");
        assertRefused(http.post("/console/bots", cookie, "csrf=" + csrf + "&name=X&handler=no-such-handler",
                http.origin), 400, "no-such-handler");
        HttpResponse<String> created = http.post("/console/bots", cookie, "csrf=" + csrf
                + "&bot_id=scratch&name=Scratch&handler=echo", http.origin);
        assertThat(created.statusCode()).isEqualTo(303);
        HttpResponse<String> deleted = http.post("/console/bots/scratch/delete", cookie, "csrf=" + csrf, http.origin);
        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(deleted.headers().firstValue("Location")).contains("/console/bots");
        await().atMost(WAIT).untilAsserted(() -> assertThat(audit(admin, "ops")).contains("Console/DeleteBot scratch OK"));
        assertRefused(http.get("/console/cluster", null), 303, "");
        assertRefused(http.get("/console/cluster/nodes", null), 401, "not signed in");
        assertRefused(http.get("/console/bots", "botgrid_console=forged"), 303, "");
    }

    @Test
    @Order(6)
    void theClusterPageShowsANodeDyingWithoutAReload() {
        browser.signIn(base, ADMIN_KEY);
        browser.open(base + "/cluster");
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.driver.findElements(
                By.cssSelector("#nodes tr[data-state=SERVING]"))).hasSize(3));
        ((JavascriptExecutor) browser.driver).executeScript("window.botgridMarker = 'same page';");
        cluster.killNode(2);
        // the test cluster's baseline follows the topology at once, so the dead node leaves the table (a node still in
        // the baseline would stay as OFFLINE, "offline since ...")
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(browser.driver.findElements(By.cssSelector("#nodes tr[data-state=SERVING]"))).hasSize(2);
            assertThat(browser.driver.findElements(By.cssSelector("#nodes tr[data-node=node-2][data-state=SERVING]")))
                    .isEmpty();
        });
        assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.botgridMarker;"))
                .as("the table refreshed itself, the page was not reloaded").isEqualTo("same page");
        browser.screenshot("cluster-node-down");
    }
}
