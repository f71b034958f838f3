package io.botgrid.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.StringValue;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.it.ItSupport;
import io.botgrid.it.security.KeyTool;
import io.botgrid.node.ClusterTlsConfig;
import io.botgrid.proto.v1.AutoscalePolicy;
import io.botgrid.proto.v1.ChainSpec;
import io.botgrid.proto.v1.ChainStage;
import io.botgrid.proto.v1.WorkerFunction;
import io.botgrid.proto.v1.WorkerSpec;
import io.botgrid.testkit.TestCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboards and rules of {@code ops/} against reality: a real Prometheus (the {@code prometheus} binary, Debian
 * package {@code prometheus}) scrapes a real 3-node cluster under a small load every second, and every dashboard
 * panel query, every template variable query and every recording and alert expression is evaluated through its
 * HTTP API: none may fail, and each must return series (for an alert, each metric selector in it must, since a
 * healthy cluster fires none). Every metric name they refer to must be one a node exports or a recording rule
 * defines. The {@code promtool} checks of the configuration and the rules' unit tests run in the other test.
 *
 * <p>The cluster is set up so that every series the files use exists, with no allow-list: its nodes talk over cluster
 * TLS (the certificate expiry series; the test's certificates are valid for 2 days, so the expiry alerts' expressions
 * name every node), an autoscaled chain declared through the SDK runs under load (the worker, chain stage and
 * autoscaler series), and the replication metrics are registered on every node (lag 0 where no standby is
 * configured; their values under replication are RegionReplicationTest's).
 */
class PrometheusRealityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** A metric name (or recording rule) with its optional label matchers, not followed by '(' (a function). */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?");
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*[a-z_]+\\)$");
    private static final String CHAIN = "prom-chain";
    /** What the chain's stages export once they ran: the test waits for them before comparing names. */
    private static final List<String> WORKER_FAMILIES = List.of("botgrid_chain_stage_items_total",
            "botgrid_chain_stage_handling_seconds_bucket", "botgrid_chain_stage_wait_seconds_bucket",
            "botgrid_chain_stage_instances", "botgrid_chain_stage_backlog_items", "botgrid_autoscaler_max_instances",
            "botgrid_autoscaler_decisions_total", "botgrid_autoscaler_desired_instances",
            "botgrid_worker_starts_total", "botgrid_worker_crashes_total", "botgrid_worker_restarts_total",
            "botgrid_worker_failures_total", "botgrid_tls_certificate_expiry_timestamp_seconds");

    @Test
    @Timeout(120)
    void promtoolAcceptsTheConfigAndRulesAndTheAlertUnitTestsPass() throws Exception {
        Path promtool = OpsFiles.onPath("promtool").orElse(null);
        Assumptions.assumeTrue(promtool != null, "promtool is not installed (Debian package 'prometheus'): the "
                + "checks of ops/prometheus are skipped");
        Path dir = OpsFiles.ops("prometheus");
        List<String> rules = OpsFiles.list("prometheus/rules", ".yml").stream().map(Path::toString).toList();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(2);
        List<String> checkRules = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
        checkRules.addAll(rules);
        assertSucceeds(OpsFiles.run(dir, checkRules.toArray(String[]::new)), "promtool check rules");
        assertSucceeds(OpsFiles.run(dir, promtool.toString(), "check", "config", "prometheus.yml"),
                "promtool check config prometheus.yml");
        OpsFiles.Run k8s = OpsFiles.run(dir, promtool.toString(), "check", "config", "prometheus-kubernetes.yml");
        if (k8s.exit() != 0 && k8s.output().contains("field kubernetes_sd_configs not found")) {
            // Debian builds Prometheus without the Kubernetes service discovery: nothing to check it against here.
            System.out.println("PrometheusRealityTest: promtool check config prometheus-kubernetes.yml skipped: this "
                    + "promtool is built without Kubernetes service discovery (" + k8s.output().strip() + ")");
        } else {
            assertSucceeds(k8s, "promtool check config prometheus-kubernetes.yml");
        }
        for (Path test : OpsFiles.list("prometheus/tests", ".yml")) {
            OpsFiles.Run run = OpsFiles.run(dir, promtool.toString(), "test", "rules", test.toString());
            assertSucceeds(run, "promtool test rules " + test.getFileName());
            assertThat(run.output()).contains("SUCCESS");
        }
    }

    @Test
    @Timeout(240)
    void everyPanelQueryAndRuleExpressionHasSeriesOnARealPrometheusScrapingARealCluster() throws Exception {
        Path prometheus = OpsFiles.onPath("prometheus").orElse(null);
        Assumptions.assumeTrue(prometheus != null, "the prometheus binary is not installed (Debian package "
                + "'prometheus'): the dashboards and rules are not evaluated against a real Prometheus");
        Map<String, String> panelQueries = dashboardQueries();
        Map<String, String> recordings = ruleExpressions("record");
        Map<String, String> alerts = ruleExpressions("alert");
        assertThat(panelQueries).hasSizeGreaterThan(40);
        assertThat(alerts).isNotEmpty();

        Path work = Files.createTempDirectory("botgrid-prometheus-");
        Process server = null;
        AtomicBoolean loading = new AtomicBoolean(true);
        Files.createDirectories(work.resolve("tls"));
        KeyTool keytool = new KeyTool(work.resolve("tls"), "test-only-" + Long.toHexString(System.nanoTime()));
        Path key = keytool.keyPair("cluster");
        ClusterTlsConfig tls = new ClusterTlsConfig(key, keytool.trustStore("cluster", key), keytool.passwordFile());
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.clusterTls(tls)).start();
             BotgridClient client = BotgridClient.builder()
                     .endpoints(endpoint(cluster, 0), endpoint(cluster, 1), endpoint(cluster, 2)).build()) {
            int port = freePort();
            Files.writeString(work.resolve("prometheus.yml"), config(cluster), StandardCharsets.UTF_8);
            server = new ProcessBuilder(prometheus.toString(), "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
            URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/");

            // An autoscaled chain, declared like an operator does: its slow stage (200 ms an item, 1 to 2 instances)
            // gets more items than 2 instances handle, so the autoscaler scales it up and then holds it at its max.
            client.workers().declareBlocking(chainSpec());

            // A small load through the SDK (gRPC front, actor calls, journal, chain pushes) while the checks run.
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger pushes = new AtomicInteger();
            Semaphore inFlight = new Semaphore(60);
            Thread load = new Thread(() -> {
                for (int n = 0; loading.get(); n++) {
                    try {
                        client.actors().callBlocking(ItSupport.LEDGER, "prom-" + (n % 50),
                                StringValue.of("append:" + n), StringValue.class);
                        calls.incrementAndGet();
                    } catch (BotgridException e) {
                        // counted by the node's metrics all the same; the test checks series, not answers
                    }
                    // A push completes when its item has left the chain: keep up to 60 in flight, not waiting.
                    for (int i = 0; i < 5 && inFlight.tryAcquire(); i++) {
                        client.workers().push(CHAIN, "", "", ByteString.copyFromUtf8("item-" + n))
                                .whenComplete((ok, e) -> {
                                    inFlight.release();
                                    if (e == null) { // not a refusal (a full chain: RESOURCE_EXHAUSTED)
                                        pushes.incrementAndGet();
                                    }
                                });
                    }
                }
            }, "prometheus-load");
            load.setDaemon(true);
            load.start();

            Process p = server;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(p.isAlive()).as("prometheus is running; its log:\n" + log(work)).isTrue();
                assertThat(query(api, "up{job=\"botgrid\"} == 1")).as("targets up").hasSize(3);
            });

            // What the nodes export, to check that every name the files refer to exists; the chain's families exist
            // once its items ran and the autoscaler decided, and the certificate's on every node.
            Set<String> exported = new TreeSet<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                exported.clear();
                cluster.live().forEach(node -> exported.addAll(exportedSamples(node.metricsPort())));
                assertThat(exported).containsAll(WORKER_FAMILIES);
            });
            Set<String> known = new TreeSet<>(exported);
            known.addAll(recordings.keySet());
            known.add("up");

            Map<String, String> all = new LinkedHashMap<>(panelQueries);
            alerts.forEach((name, expr) -> selectors(expr).forEach(s -> all.put("alert " + name + ": " + s, s)));
            recordings.forEach((name, expr) -> all.put("recording " + name, expr));
            Map<String, String> unknown = new LinkedHashMap<>();
            all.forEach((where, expr) -> selectors(expr).stream().map(PrometheusRealityTest::metricName)
                    .filter(m -> !known.contains(m)).forEach(m -> unknown.put(where, m)));
            assertThat(unknown).as("metrics referred to by ops/ files but exported by no node (nor recorded)")
                    .isEmpty();

            // Alerts: the whole expression evaluates (a healthy cluster gives no series, which is fine).
            for (Map.Entry<String, String> a : alerts.entrySet()) {
                query(api, a.getValue());
            }
            // Every query, selector and recording rule returns series once a few scrapes and evaluations ran.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Map<String, String> empty = new LinkedHashMap<>();
                for (Map.Entry<String, String> q : all.entrySet()) {
                    if (query(api, q.getValue()).isEmpty()) {
                        empty.put(q.getKey(), q.getValue());
                    }
                }
                assertThat(empty).as("queries without series").isEmpty();
            });
            // Prometheus itself evaluated every rule without an error.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode groups = get(api, "rules").path("data").path("groups");
                List<String> notOk = new ArrayList<>();
                int count = 0;
                for (JsonNode g : groups) {
                    for (JsonNode r : g.path("rules")) {
                        count++;
                        if (!"ok".equals(r.path("health").asText())) {
                            notOk.add(r.path("name").asText() + ": " + r.path("health").asText() + " "
                                    + r.path("lastError").asText());
                        }
                    }
                }
                assertThat(count).isEqualTo(recordings.size() + alerts.size());
                assertThat(notOk).as("rules Prometheus could not evaluate").isEmpty();
            });
            assertThat(calls.get()).as("load calls answered").isPositive();
            assertThat(pushes.get()).as("chain items handled").isPositive();
            // The autoscaler scaled the slow stage up, as its metrics say through Prometheus.
            assertThat(query(api, "sum by (chain, stage) (botgrid_autoscaler_decisions_total{action=\"up\"}) > 0"))
                    .extracting(s -> s.path("metric").path("stage").asText()).containsExactly("slow");
            // The test's certificates are valid for 2 days: both expiry alerts name the cluster certificate of every
            // node, read from its key store by the node itself.
            for (String alert : List.of("BotgridCertificateExpiresSoon", "BotgridCertificateExpiresVerySoon")) {
                assertThat(query(api, alerts.get(alert))).as(alert)
                        .extracting(s -> s.path("metric").path("node").asText() + "/"
                                + s.path("metric").path("use").asText())
                        .containsExactlyInAnyOrder("node-0/cluster", "node-1/cluster", "node-2/cluster");
            }

            // The alert of a node down, against reality: kill node-2 and its expression names it.
            loading.set(false);
            load.join(30_000);
            cluster.killNode(2);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(query(api, alerts.get("BotgridNodeDown"))).extracting(s -> s.path("metric")
                            .path("node").asText()).containsExactly("node-2"));
            assertThat(query(api, alerts.get("BotgridZoneDown"))).extracting(s -> s.path("metric").path("zone")
                    .asText()).containsExactly("zone-2");
        } finally {
            loading.set(false);
            if (server != null) {
                server.destroy();
                if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor();
                }
            }
            deleteTree(work);
        }
    }

    /** The chain the load pushes into: an echo stage, then a slow autoscaled one (at most 2 instances). */
    private static WorkerSpec chainSpec() {
        return WorkerSpec.newBuilder().setId(CHAIN).setChain(ChainSpec.newBuilder()
                .addStages(ChainStage.newBuilder().setName("in").setWorker(WorkerFunction.newBuilder()
                        .setFunction("echo")))
                .addStages(ChainStage.newBuilder().setName("slow").setWorker(WorkerFunction.newBuilder()
                                .setFunction("delay").putSettings("millis", "200"))
                        .setMinInstances(1).setMaxInstances(2).setQueueCapacity(100)
                        .setAutoscale(AutoscalePolicy.newBuilder().setTargetBacklog(5)
                                .setCooldown(com.google.protobuf.Duration.newBuilder().setSeconds(1)))))
                .build();
    }

    private static String endpoint(TestCluster cluster, int node) {
        return "127.0.0.1:" + cluster.node(node).grpcPort();
    }

    /** A Prometheus configuration for the test: the repository's rules, the cluster's nodes, 1 s intervals. */
    private static String config(TestCluster cluster) throws IOException {
        StringBuilder b = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "rule_files:\n");
        for (Path rules : OpsFiles.list("prometheus/rules", ".yml")) {
            b.append("  - '").append(rules).append("'\n");
        }
        b.append("scrape_configs:\n  - job_name: botgrid\n    scrape_timeout: 1s\n    static_configs:\n");
        for (int i = 0; i < cluster.size(); i++) {
            b.append("      - targets: ['127.0.0.1:").append(cluster.node(i).metricsPort()).append("']\n")
                    .append("        labels: {region: test, zone: zone-").append(i).append(", node: node-")
                    .append(i).append("}\n");
        }
        return b.toString();
    }

    /** Every panel target and template variable query of the dashboards, by dashboard, panel and target. */
    static Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<Path> dashboards = OpsFiles.list("grafana/dashboards", ".json");
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : dashboards) {
            JsonNode d = JSON.readTree(file.toFile());
            String name = file.getFileName().toString();
            for (JsonNode panel : d.path("panels")) {
                for (JsonNode t : panel.path("targets")) {
                    out.put(name + " / " + panel.path("title").asText() + " / " + t.path("refId").asText(),
                            grafanaToPromql(t.path("expr").asText()));
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                if ("query".equals(v.path("type").asText())) {
                    Matcher m = LABEL_VALUES.matcher(v.path("query").path("query").asText());
                    assertThat(m.matches()).as(name + " variable " + v.path("name").asText() + " is label_values")
                            .isTrue();
                    out.put(name + " / variable " + v.path("name").asText(), grafanaToPromql(m.group(1)));
                }
            }
        }
        return out;
    }

    /** Grafana's variables as a dashboard with "All" selected gives them. */
    private static String grafanaToPromql(String expr) {
        return expr.replace("$__rate_interval", "15s").replace("$region", ".*").replace("$zone", ".*")
                .replace("$node", ".*");
    }

    /** {@code record} or {@code alert} name to expression, from every rules file. */
    static Map<String, String> ruleExpressions(String kind) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        ObjectMapper yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        for (Path file : OpsFiles.list("prometheus/rules", ".yml")) {
            for (JsonNode g : yaml.readTree(file.toFile()).path("groups")) {
                for (JsonNode r : g.path("rules")) {
                    if (r.has(kind)) {
                        out.put(r.path(kind).asText(), r.path("expr").asText());
                    }
                }
            }
        }
        return out;
    }

    /** The metric selectors of an expression (names with their matchers), functions and keywords left out. */
    static Set<String> selectors(String expr) {
        Set<String> out = new LinkedHashSet<>();
        String noRanges = expr.replaceAll("\\[[^\\]]*\\]", "");
        Matcher m = SELECTOR.matcher(noRanges);
        while (m.find()) {
            String name = m.group(1);
            int next = m.end();
            while (next < noRanges.length() && noRanges.charAt(next) == ' ') {
                next++;
            }
            boolean function = next < noRanges.length() && noRanges.charAt(next) == '(' && m.group(2) == null;
            boolean inBy = isLabelList(noRanges, m.start());
            if (!function && !inBy && (name.contains("_") || name.contains(":") || name.equals("up"))) {
                out.add(m.group(2) == null ? name : name + m.group(2));
            }
        }
        return out;
    }

    /** Whether the token at {@code at} sits inside the parentheses of {@code by (…)}, {@code on (…)} and the like. */
    private static boolean isLabelList(String expr, int at) {
        int open = expr.lastIndexOf('(', at);
        int close = expr.lastIndexOf(')', at);
        if (open < 0 || close > open) {
            return false;
        }
        String before = expr.substring(0, open).stripTrailing();
        return before.endsWith(" by") || before.endsWith(" without") || before.endsWith(" on")
                || before.endsWith(" ignoring") || before.endsWith("group_left") || before.endsWith("group_right");
    }

    private static String metricName(String selector) {
        int brace = selector.indexOf('{');
        return brace < 0 ? selector : selector.substring(0, brace);
    }

    /** The sample names of a node's scrape ({@code foo_bucket}, {@code foo_total}, …). */
    private static Set<String> exportedSamples(int metricsPort) {
        Set<String> names = new TreeSet<>();
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort
                    + "/metrics")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return names;
    }

    /** Runs an instant query; fails on any error Prometheus reports; the result's series. */
    private static List<JsonNode> query(URI api, String promql) throws IOException, InterruptedException {
        JsonNode body = get(api, "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        List<JsonNode> out = new ArrayList<>();
        body.path("data").path("result").forEach(out::add);
        return out;
    }

    private static JsonNode get(URI api, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as("Prometheus answered %s to %s: %s", r.statusCode(),
                java.net.URLDecoder.decode(pathAndQuery, StandardCharsets.UTF_8), r.body()).isEqualTo("success");
        return body;
    }

    private static void assertSucceeds(OpsFiles.Run run, String what) {
        assertThat(run.exit()).as(what + " said:\n" + run.output()).isZero();
    }

    private static String log(Path work) {
        try {
            return Files.readString(work.resolve("prometheus.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
