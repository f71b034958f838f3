package io.botgrid.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.botgrid.cli.BotgridCli;
import io.botgrid.node.NodeConfig;
import io.botgrid.node.NodeConfigLoader;
import io.botgrid.telemetry.EventsConfig;
import io.botgrid.telemetry.MetricsServer;
import io.botgrid.telemetry.NodeTelemetry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The deployment files of {@code ops/} against the code: every manifest of {@code ops/k8s} parses; the node YAML
 * of the ConfigMap (and {@code ops/config/node.yaml}) is accepted by the node's own loader (so every key exists);
 * the container's arguments and the systemd unit's are options {@code botgrid node start} accepts; each container
 * port is the one the YAML configures; the probe paths are served by a real observability server; the files the
 * YAML names are mounted from the Secrets that hold them; the volumes hold the data and WAL folders the node uses;
 * the memory limit covers the JVM flags; labels, selectors and the discovery service agree.
 */
class DeploymentFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern MEGABYTES = Pattern.compile("-X(mx|X:MaxDirectMemorySize=)(\\d+)([mg])");

    @TempDir
    Path dir;

    @Test
    void kubernetesManifestsNameOnlyKeysPortsPathsAndOptionsTheCodeHas() throws Exception {
        Map<String, List<JsonNode>> byKind = new HashMap<>();
        List<Path> files = OpsFiles.list("k8s", ".yaml");
        Set<String> listed = new TreeSet<>();
        for (Path file : files) {
            for (JsonNode doc : YAML.readValues(YAML.getFactory().createParser(file.toFile()), JsonNode.class)
                    .readAll()) {
                assertThat(doc.path("apiVersion").asText()).as(file + ": apiVersion").isNotEmpty();
                assertThat(doc.path("kind").asText()).as(file + ": kind").isNotEmpty();
                if (doc.path("kind").asText().equals("Kustomization")) {
                    doc.path("resources").forEach(r -> listed.add(r.asText()));
                    continue;
                }
                assertThat(doc.path("metadata").path("name").asText()).as(file + ": metadata.name").isNotEmpty();
                byKind.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(doc);
            }
        }
        assertThat(listed).as("kustomization.yaml lists every manifest").containsExactlyInAnyOrderElementsOf(
                files.stream().map(f -> f.getFileName().toString()).filter(n -> !n.equals("kustomization.yaml"))
                        .toList());

        JsonNode configMap = one(byKind, "ConfigMap", "botgrid-node");
        Path yaml = dir.resolve("node.yaml");
        // Each pod adds its own zone (--zone); the YAML names every zone of the deployment, so any of them will do.
        Files.writeString(yaml, configMap.path("data").path("node.yaml").asText() + "zone: eu-a\n",
                StandardCharsets.UTF_8);
        NodeConfig config = new NodeConfigLoader().load(yaml); // refuses any unknown key or bad value

        JsonNode headless = one(byKind, "Service", config.kubernetesService());
        assertThat(headless.path("metadata").path("namespace").asText()).isEqualTo(config.kubernetesNamespace());
        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(headless.path("spec").path("publishNotReadyAddresses").asBoolean()).isTrue();
        JsonNode role = one(byKind, "Role", "botgrid-discovery");
        assertThat(role.path("rules").get(0).path("resources").toString()).contains("endpoints");

        List<JsonNode> sets = byKind.get("StatefulSet");
        assertThat(sets).hasSizeGreaterThanOrEqualTo(3);
        Set<String> zones = new TreeSet<>();
        for (JsonNode set : sets) {
            String name = set.path("metadata").path("name").asText();
            JsonNode pod = set.path("spec").path("template");
            Map<String, String> labels = strings(pod.path("metadata").path("labels"));
            assertThat(set.path("metadata").path("namespace").asText()).isEqualTo(config.kubernetesNamespace());
            assertThat(set.path("spec").path("serviceName").asText()).isEqualTo(config.kubernetesService());
            assertThat(labels).containsAllEntriesOf(strings(set.path("spec").path("selector").path("matchLabels")))
                    .containsAllEntriesOf(strings(headless.path("spec").path("selector")))
                    .containsAllEntriesOf(strings(one(byKind, "PodDisruptionBudget", "botgrid").path("spec")
                            .path("selector").path("matchLabels")))
                    .containsEntry("botgrid.io/region", config.region());
            assertThat(pod.path("spec").path("serviceAccountName").asText()).isEqualTo("botgrid");
            JsonNode container = pod.path("spec").path("containers").get(0);
            Map<String, String> env = new HashMap<>();
            container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
            String zone = env.get("BOTGRID_ZONE");
            zones.add(zone);
            assertThat(labels).as(name).containsEntry("botgrid.io/zone", zone);
            assertThat(pod.path("spec").path("affinity").toString()).as(name + " pinned to its zone")
                    .contains("topology.kubernetes.io/zone").contains("\"" + zone + "\"");

            // The arguments: options of `botgrid node start`, with the pod's values substituted.
            List<String> args = new ArrayList<>();
            container.path("args").forEach(a -> args.add(a.asText().replace("$(POD_NAME)", name + "-0")
                    .replace("$(POD_IP)", "10.0.0.7").replace("$(BOTGRID_ZONE)", zone)));
            assertThat(args.subList(0, 2)).containsExactly("node", "start");
            CommandLine.ParseResult parsed = parseNodeStart(args);
            assertThat(parsed.matchedOptionValue("--config", Path.of(""))).isEqualTo(Path.of("/etc/botgrid/node.yaml"));
            String dataDir = parsed.matchedOptionValue("--data-dir", Path.of("")).toString();
            assertThat(Files.readString(OpsFiles.repoRoot().resolve("bin/botgrid"))).contains("BOTGRID_JAVA_OPTS");

            // Ports: named as the probes and Services use them, numbered as the YAML configures them.
            Map<String, Integer> ports = new HashMap<>();
            container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
            assertThat(ports).as(name + " ports").containsExactlyInAnyOrderEntriesOf(Map.of(
                    "grpc", config.grpcPort(), "endpoint", config.endpointPort(), "metrics", config.metricsPort(),
                    "console", config.consolePort(),
                    "discovery", config.discoveryPort(), "communication", config.communicationPort()));
            for (String kind : List.of("Service")) {
                for (JsonNode svc : byKind.get(kind)) {
                    svc.path("spec").path("ports").forEach(p -> assertThat(ports).as(svc.path("metadata")
                            .path("name").asText()).containsKey(p.path("targetPort").asText()));
                }
            }

            // Probes: liveness and startup on /health/live, readiness on /health/ready, on the metrics port.
            assertThat(probe(container, "livenessProbe")).isEqualTo("/health/live");
            assertThat(probe(container, "startupProbe")).isEqualTo("/health/live");
            assertThat(probe(container, "readinessProbe")).isEqualTo("/health/ready");
            for (String p : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
                assertThat(container.path(p).path("httpGet").path("port").asText()).isEqualTo("metrics");
            }

            // Volumes: config file, secrets holding the files the YAML names, data and WAL on claims.
            Map<String, JsonNode> volumes = new HashMap<>();
            pod.path("spec").path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
            Map<String, JsonNode> mounts = new HashMap<>();
            container.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m));
            JsonNode configMount = mounts.get("/etc/botgrid/node.yaml");
            assertThat(configMount.path("subPath").asText()).isEqualTo("node.yaml");
            assertThat(volumes.get(configMount.path("name").asText()).path("configMap").path("name").asText())
                    .isEqualTo("botgrid-node");
            for (Path secretFile : List.of(config.grpcTlsCertFile(), config.grpcTlsKeyFile(),
                    config.grpcJwtSecretFile())) {
                JsonNode mount = mounts.get(secretFile.getParent().toString());
                assertThat(mount).as(secretFile + " is under a mounted folder").isNotNull();
                String secretName = volumes.get(mount.path("name").asText()).path("secret").path("secretName")
                        .asText();
                JsonNode secret = one(byKind, "Secret", secretName);
                assertThat(secret.path("stringData").has(secretFile.getFileName().toString())
                        || secret.path("data").has(secretFile.getFileName().toString()))
                        .as(secretName + " holds " + secretFile.getFileName()).isTrue();
            }
            Set<String> claims = new TreeSet<>();
            set.path("spec").path("volumeClaimTemplates").forEach(c -> claims.add(c.path("metadata").path("name")
                    .asText()));
            assertThat(claims).containsExactlyInAnyOrder("data", "wal");
            assertThat(mounts.get(dataDir).path("name").asText()).isEqualTo("data");
            NodeConfig effective = config.toBuilder().dataDir(Path.of(dataDir)).build();
            for (String walDir : List.of("wal", "wal-archive")) {
                // IgniteSetup puts the WAL and its archive in these folders of the data folder.
                JsonNode mount = mounts.get(effective.dataDir().resolve(walDir).toString());
                assertThat(mount).as(walDir + " mounted").isNotNull();
                assertThat(mount.path("name").asText()).isEqualTo("wal");
            }

            // Memory: heap + direct memory + Ignite's data region + 512 MiB for the rest fit in the limit.
            long needMb = megabytes(env.get("BOTGRID_JAVA_OPTS")) + config.dataRegionSizeMb() + 512;
            JsonNode resources = container.path("resources");
            assertThat(gibToMb(resources.path("limits").path("memory").asText())).as(name + " memory limit")
                    .isGreaterThanOrEqualTo(needMb);
            assertThat(resources.path("requests").path("memory").asText())
                    .isEqualTo(resources.path("limits").path("memory").asText());
            assertThat(pod.path("spec").path("terminationGracePeriodSeconds").asLong())
                    .as("grace period covers the graceful stop")
                    .isGreaterThan(config.stopTimeout().plus(config.grpcShutdownTimeout()).toSeconds());
        }
        assertThat(zones).as("one StatefulSet per zone").hasSize(sets.size());
        assertThat(zones.size()).as("an odd number of zones").isOdd();
        assertThat(config.zones()).as("the YAML's zones are the StatefulSets' zones")
                .containsExactlyInAnyOrderElementsOf(zones);

        // The Prometheus Kubernetes scrape configuration reads the labels the pods carry.
        String scrape = Files.readString(OpsFiles.ops("prometheus/prometheus-kubernetes.yml"));
        assertThat(scrape).contains("__meta_kubernetes_pod_label_botgrid_io_zone")
                .contains("__meta_kubernetes_pod_label_botgrid_io_region").contains("regex: metrics")
                .contains("app.kubernetes.io/name=botgrid").contains("names: [" + config.kubernetesNamespace() + "]");
    }

    @Test
    void theProbePathsAreServedByTheObservabilityServer() throws Exception {
        try (NodeTelemetry telemetry = NodeTelemetry.create("probe-check", EventsConfig.defaults(),
                Clock.systemUTC())) {
            MetricsServer server = telemetry.serve("127.0.0.1", 0);
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                for (String path : List.of("/health/live", "/health/ready", "/metrics", "/nothing")) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + server.port() + path)).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(path).isEqualTo(path.equals("/nothing") ? 404 : 200);
                }
            } finally {
                server.close();
            }
        }
    }

    @Test
    void theExampleConfigAndTheSystemdUnitNameOnlyKeysAndOptionsTheCodeHas() throws Exception {
        NodeConfig example = new NodeConfigLoader().load(OpsFiles.ops("config/node.yaml"));
        assertThat(example.metricsPort()).isPositive();
        String unit = Files.readString(OpsFiles.ops("systemd/botgrid.service"));
        Matcher exec = Pattern.compile("(?m)^ExecStart=\\S+/bin/botgrid (.*)$").matcher(unit);
        assertThat(exec.find()).isTrue();
        List<String> args = List.of(exec.group(1).trim().split("\\s+"));
        assertThat(args.subList(0, 2)).containsExactly("node", "start");
        assertThat(parseNodeStart(args).matchedOptionValue("--config", Path.of(""))).isEqualTo(Path.of("/etc/botgrid/node.yaml"));
        assertThat(unit).contains("RestartForceExitStatus=75").contains("KillSignal=SIGTERM")
                .contains("BOTGRID_JAVA_OPTS");
        Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)").matcher(unit);
        assertThat(stop.find()).isTrue();
        assertThat(Long.parseLong(stop.group(1))).isGreaterThan(example.stopTimeout()
                .plus(example.grpcShutdownTimeout()).toSeconds());
    }

    /** Parses {@code botgrid <args>} as the launcher would (unknown options fail); the result of {@code start}. */
    private static CommandLine.ParseResult parseNodeStart(List<String> args) {
        CommandLine.ParseResult root = BotgridCli.commandLine(new ByteArrayInputStream(new byte[0]))
                .parseArgs(args.toArray(String[]::new));
        CommandLine.ParseResult start = root.subcommand().subcommand();
        assertThat(start.commandSpec().name()).isEqualTo("start");
        return start;
    }

    private static JsonNode one(Map<String, List<JsonNode>> byKind, String kind, String name) {
        return byKind.getOrDefault(kind, List.of()).stream()
                .filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in ops/k8s"));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new HashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String probe(JsonNode container, String probe) {
        return container.path(probe).path("httpGet").path("path").asText();
    }

    /** -Xmx plus -XX:MaxDirectMemorySize, in MiB. */
    private static long megabytes(String javaOpts) {
        long total = 0;
        Matcher m = MEGABYTES.matcher(javaOpts);
        int found = 0;
        while (m.find()) {
            long v = Long.parseLong(m.group(2));
            total += m.group(3).equals("g") ? v * 1024 : v;
            found++;
        }
        assertThat(found).as("-Xmx and -XX:MaxDirectMemorySize in " + javaOpts).isEqualTo(2);
        return total;
    }

    private static long gibToMb(String quantity) {
        assertThat(quantity).endsWith("Gi");
        return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
    }
}
