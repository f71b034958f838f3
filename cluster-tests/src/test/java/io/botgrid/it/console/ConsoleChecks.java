package io.botgrid.it.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.client.AuditEntry;
import io.botgrid.client.AuditQuery;
import io.botgrid.client.BotgridClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.WebDriverException;

/** What the console tests check after a step: the page a click led to, a refusal page, what the audit recorded. */
final class ConsoleChecks {
    private static final Duration WAIT = Duration.ofSeconds(45);

    private ConsoleChecks() {
    }

    /**
     * Holds once the page a click leads to shows what it should: a click only starts the form's request, and the page
     * read right after may still be the old one (or go stale under the test's feet).
     */
    static void afterClick(Runnable assertion) {
        await().atMost(WAIT).ignoreExceptionsMatching(e -> e instanceof WebDriverException)
                .untilAsserted(assertion::run);
    }

    /**
     * The response has this status and its page shows {@code message} (HTML-escaped, {@code '} as {@code &#39;}, as
     * every refusal page does), with no stack trace or exception name.
     */
    static void assertRefused(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /** The audit log's newest entries of an actor (by the end of its name) as "action target result" lines. */
    static List<String> audit(BotgridClient admin, String actorSuffix) {
        return admin.audit().listBlocking(AuditQuery.newest().withPageSize(200)).items().stream()
                .filter(e -> e.actor().endsWith(actorSuffix))
                .map((AuditEntry e) -> e.action() + " " + e.target() + " " + e.result()).toList();
    }
}
