package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.actor.ActorId;
import io.botgrid.testkit.TestCluster;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real node's {@code /metrics}: valid for {@code promtool check metrics}, in both exposition formats, and holding
 * every metric family that docs/observability.md lists.
 */
class MetricsEndpointTest {
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `([a-z_:][a-z0-9_:]*)` \\| (counter|gauge|histogram)"
            + " \\|", Pattern.MULTILINE);

    @Test
    @Timeout(120)
    void aNodeServesValidMetricsInBothFormatsWithEveryDocumentedFamily() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(new LedgerTypes().get()).start()) {
            var node = cluster.node(0);
            assertThat(node.metricsPort()).isPositive();
            // Traffic: local and remote actor calls, and a gRPC call, so that every family has samples.
            for (int i = 0; i < 20; i++) {
                node.actors().ask(ActorId.of(LedgerTypes.LEDGER, "m-" + i), cmd("append:x")).join();
            }
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", node.grpcPort(),
                    InsecureChannelCredentials.create()).build();
            try {
                HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance());
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            HttpResponse<String> text = ObservabilityHttp.get(node.metricsPort(), "/metrics");
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("text/plain; version=0.0.4"));
            String body = text.body();
            assertThat(body).contains("botgrid_actor_messages_total{type=\"" + LedgerTypes.LEDGER + "\"}")
                    .contains("botgrid_grpc_server_calls_total{code=\"OK\",method=\"grpc.health.v1.Health/Check\"} 1");

            HttpResponse<String> open = ObservabilityHttp.get(node.metricsPort(), "/metrics",
                    "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("application/openmetrics-text"));
            assertThat(open.body()).endsWith("# EOF\n");

            List<String> missing = new ArrayList<>();
            for (String family : documentedFamilies()) {
                if (!body.contains("# TYPE " + family + " ") && !ONLY_WITH_TLS.contains(family)) {
                    missing.add(family);
                }
            }
            assertThat(missing).as("families listed in docs/observability.md but absent from /metrics").isEmpty();

            promtool(body);
        }
    }

    /** The metric names of the "Metrics" section's tables in docs/observability.md. */
    static Set<String> documentedFamilies() throws IOException {
        Path doc = repoRoot().resolve("docs/observability.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int start = text.indexOf("\n## Metrics");
        int end = text.indexOf("\n## ", start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        Set<String> names = new LinkedHashSet<>();
        Matcher m = DOC_ROW.matcher(section);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).as("metric rows in the Metrics section of " + doc).hasSizeGreaterThan(20);
        return names;
    }

    /** Families a node serves only with TLS configured (this node has none); GrpcSecurityTest checks them. */
    private static final Set<String> ONLY_WITH_TLS = Set.of("botgrid_tls_certificate_expiry_timestamp_seconds");

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("docs"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no docs/ folder above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Runs {@code promtool check metrics} on the scrape; skipped (with a reason) where promtool is not installed. */
    private static void promtool(String scrape) throws Exception {
        Path promtool = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                promtool = candidate;
                break;
            }
        }
        Assumptions.assumeTrue(promtool != null, "promtool is not installed (Debian package 'prometheus'): the "
                + "lint of /metrics is skipped; the format and family checks above ran");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics said:\n" + out).isZero();
    }
}
