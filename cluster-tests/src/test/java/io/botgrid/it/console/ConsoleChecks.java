package io.botgrid.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.client.AuditEntry;
import io.botgrid.client.AuditQuery;
import io.botgrid.client.BotgridClient;
import java.net.http.HttpResponse;
import java.util.List;

/** What the console tests check after a step: a refusal page, and what the audit log recorded. */
final class ConsoleChecks {
    private ConsoleChecks() {
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
