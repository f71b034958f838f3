package io.botgrid.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.botgrid.client.AuditEntry;
import io.botgrid.client.AuditQuery;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.Page;
import io.botgrid.node.NodeConfigLoader;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code botgrid audit}: the audit log, newest first, over the SDK. Pages through the log until {@code --limit}
 * entries are printed or the log ends.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show the audit log, newest first: management actions (bots, channels, drains, worker specs, "
                + "region roles) and calls refused for their token or role. Needs the admin role.",
                "  botgrid audit --since 1h --action CreateBot",
                "  botgrid audit --who api-key:ops --limit 500 --json"})
final class AuditCommand extends ClientCommands.ClientCommand {
    @Option(names = "--since", converter = TimeConverter.class,
            description = "Only entries at or after this time: an instant (2026-12-06T10:00:00Z) or an age counted "
                    + "back from now (30m, 2h, 7d).")
    Instant since;

    @Option(names = "--until", converter = TimeConverter.class,
            description = "Only entries before this time (an instant or an age, as --since).")
    Instant until;

    @Option(names = "--who", description = "Only this actor, as recorded: api-key:<name>, jwt:<subject>, "
            + "unauthenticated, anonymous.")
    String who;

    @Option(names = "--action", description = "Only this action: CreateBot or BotService/CreateBot.")
    String action;

    @Option(names = "--target", description = "Only this target: a bot id, node id, worker spec id or region.")
    String target;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many entries (default: "
            + "${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the entries as a JSON array.")
    boolean json;

    @Override
    void run(BotgridClient client, PrintWriter out) {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        AuditQuery query = new AuditQuery(since, until, who, action, target, Math.min(limit, 1_000), "");
        List<AuditEntry> entries = new ArrayList<>();
        while (entries.size() < limit) {
            Page<AuditEntry> page = client.audit().listBlocking(query);
            page.items().stream().limit(limit - entries.size()).forEach(entries::add);
            if (!page.hasNext()) {
                break;
            }
            query = query.next(page);
        }
        if (json) {
            out.println(toJson(entries));
            return;
        }
        out.printf("%-24s %-24s %-34s %-24s %-15s %s%n", "AT", "WHO", "ACTION", "TARGET", "FROM", "RESULT");
        for (AuditEntry e : entries) {
            out.printf("%-24s %-24s %-34s %-24s %-15s %s%s%n", e.at().truncatedTo(ChronoUnit.MILLIS), e.actor(),
                    e.action(), e.target().isEmpty() ? "-" : e.target(), e.remoteAddress(), e.result(),
                    e.message().isEmpty() ? "" : ": " + e.message());
        }
    }

    static String toJson(List<AuditEntry> entries) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (AuditEntry e : entries) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", e.id());
            row.put("at", e.at().toString());
            row.put("actor", e.actor());
            row.put("role", e.role());
            row.put("action", e.action());
            row.put("target", e.target());
            row.put("remoteAddress", e.remoteAddress());
            row.put("result", e.result());
            row.put("message", e.message());
            row.put("node", e.node());
            rows.add(row);
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit entries could not be written as JSON: " + e.getMessage(), e);
        }
    }

    /** An ISO-8601 instant, or an age ({@code 30m}, {@code 2h}, {@code 7d}) counted back from now. */
    static final class TimeConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return Instant.now().minus(NodeConfigLoader.parseDuration(value));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is neither an instant "
                            + "(2026-12-06T10:00:00Z) nor an age (30m, 2h, 7d)");
                }
            }
        }
    }
}
