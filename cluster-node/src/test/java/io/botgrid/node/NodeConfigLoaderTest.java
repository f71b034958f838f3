package io.botgrid.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void readsYamlOverDefaultsWithHumanDurations() throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                nodeName: edge-7
                zone: eu-west-1b
                walMode: FSYNC
                failureDetectionTimeout: 2500ms
                baselineAutoAdjust: 1m
                seeds: ["10.0.0.1:47500", "10.0.0.2:47500"]
                """);
        NodeConfig c = new NodeConfigLoader().load(file);
        assertThat(c.nodeName()).isEqualTo("edge-7");
        assertThat(c.zone()).isEqualTo("eu-west-1b");
        assertThat(c.walMode()).isEqualTo(NodeConfig.WalMode.FSYNC);
        assertThat(c.failureDetectionTimeout()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(c.baselineAutoAdjust()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.seeds()).containsExactly("10.0.0.1:47500", "10.0.0.2:47500");
        assertThat(c.dataDir()).isEqualTo(Path.of("data", "edge-7"));
        assertThat(c.backups()).as("default kept").isEqualTo(1);
    }

    @Test
    void flatKeysReachEachComponentsOwnRecordIncludingTheEndpointLimits() throws Exception {
        Path file = dir.resolve("parts.yaml");
        Files.writeString(file, """
                host: 10.1.2.3
                transport: COMPUTE
                grpcPort: 9090
                endpointPort: 9080
                endpointHeaderTimeout: 3s
                endpointBodyTimeout: 4s
                endpointIdleTimeout: 20s
                endpointMaxConnections: 64
                handlerTimeout: 2s
                backups: 2
                metricsPort: 9464
                """);
        NodeConfig c = new NodeConfigLoader().load(file);
        assertThat(c.metricsPort()).isEqualTo(9464);
        assertThat(c.runtime().transport()).isEqualTo(io.botgrid.actor.Transport.COMPUTE);
        assertThat(c.grpc().host()).isEqualTo("10.1.2.3");
        assertThat(c.grpc().port()).isEqualTo(9090);
        assertThat(c.endpoint()).isEqualTo(new io.botgrid.channels.EndpointConfig("10.1.2.3", 9080,
                Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(20), 64));
        assertThat(c.bots().endpoint()).isEqualTo(c.endpoint());
        assertThat(c.bots().handlerTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.storage().backups()).isEqualTo(2);
        assertThat(c.storage().publicThreads()).as("the compute transport needs Ignite's public pool").isEqualTo(64);
        assertThat(io.botgrid.channels.internal.EndpointServerConfig.from(c.endpoint()))
                .extracting("headerTimeout", "bodyTimeout", "idleTimeout", "maxConnections")
                .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(20), 64);
    }

    @Test
    void journalRetentionIsOffByDefaultReadsDaysAndReachesTheRuntime() throws Exception {
        Path file = dir.resolve("retention.yaml");
        Files.writeString(file, "nodeName: keeper\n");
        assertThat(new NodeConfigLoader().load(file).runtime().journalRetention()).isZero();
        Files.writeString(file, "journalRetention: 7d\n");
        assertThat(new NodeConfigLoader().load(file).runtime().journalRetention())
                .isEqualTo(java.time.Duration.ofDays(7));
        Files.writeString(file, "journalRetention: -PT1S\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NodeConfigLoader().load(file))
                .hasMessageContaining("journalRetention must not be negative");
    }

    @Test
    void refusesAMetricsPortOutOfRangeNamingTheKeyAndTheOffValue() throws Exception {
        Path file = dir.resolve("metrics.yaml");
        Files.writeString(file, "metricsPort: -2\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NodeConfigLoader().load(file))
                .hasMessageContaining("metricsPort must be 0-65535 (0: any free port, -1: off), got -2");
        Files.writeString(file, "metricsPort: -1\n");
        assertThat(new NodeConfigLoader().load(file).metricsPort()).isEqualTo(-1);
    }

    @Test
    void readsTheConsolePortAndRefusesOneOutOfRangeNamingTheKeyAndTheOffValue() throws Exception {
        Path file = dir.resolve("console.yaml");
        Files.writeString(file, "nodeName: n\n");
        assertThat(new NodeConfigLoader().load(file).consolePort()).as("default").isEqualTo(7_095);
        Files.writeString(file, "consolePort: 70000\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NodeConfigLoader().load(file))
                .hasMessageContaining("consolePort must be 0-65535 (0: any free port, -1: off), got 70000");
        Files.writeString(file, "consolePort: -1\n");
        assertThat(new NodeConfigLoader().load(file).consolePort()).isEqualTo(-1);
    }

    @Test
    void refusesANonPositiveEndpointLimitNamingTheKey() throws Exception {
        Path file = dir.resolve("limits.yaml");
        Files.writeString(file, "endpointMaxConnections: 0\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(file))
                .hasMessageContaining("endpointMaxConnections must be >= 1, got 0");
    }

    @Test
    void readsGrpcSettingsWithHashedApiKeysAndKeepsHashesOutOfTheLog() throws Exception {
        String hash = ApiKey.hash("test");
        assertThat(hash).isEqualTo("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        Path file = dir.resolve("grpc.yaml");
        Files.writeString(file, """
                grpcPort: 0
                grpcMaxMessageBytes: 1048576
                grpcMaxInFlightCalls: 64
                grpcDefaultDeadline: 3s
                grpcTlsCertFile: /etc/botgrid/node.crt
                grpcTlsKeyFile: /etc/botgrid/node.key
                grpcJwtSecretFile: /etc/botgrid/jwt.secret
                grpcApiKeys:
                  - {name: ops, hash: "%s", role: admin}
                  - {name: shop, hash: "%s", role: Client}
                """.formatted(hash, ApiKey.hash("other")));
        NodeConfig c = new NodeConfigLoader().load(file);
        assertThat(c.grpcPort()).isZero();
        assertThat(c.grpcMaxMessageBytes()).isEqualTo(1_048_576);
        assertThat(c.grpcMaxInFlightCalls()).isEqualTo(64);
        assertThat(c.grpcDefaultDeadline()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.grpcTlsCertFile()).isEqualTo(Path.of("/etc/botgrid/node.crt"));
        assertThat(c.grpcApiKeys()).extracting(ApiKey::name, ApiKey::role)
                .containsExactly(tuple("ops", Role.ADMIN), tuple("shop", Role.CLIENT));
        assertThat(c.grpcAuthEnabled()).isTrue();
        assertThat(c.toString()).contains("ApiKey[ops, admin]").doesNotContain(hash);
        NodeConfig defaults = NodeConfig.defaults();
        assertThat(defaults.grpcPort()).isEqualTo(7_070);
        assertThat(defaults.grpcMaxMessageBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(defaults.grpcAuthEnabled()).isFalse();
    }

    @Test
    void refusesBadGrpcSettings() throws Exception {
        Path role = dir.resolve("role.yaml");
        Files.writeString(role, "grpcApiKeys: [{name: a, hash: \"" + ApiKey.hash("k") + "\", role: root}]\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(role))
                .hasMessageContaining("role 'root' is not one of [admin, operator, client]");
        Path hash = dir.resolve("hash.yaml");
        Files.writeString(hash, "grpcApiKeys: [{name: a, hash: \"plain-key\", role: client}]\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(hash))
                .hasMessageContaining("API key 'a': hash must be 'sha256:' and 64 lower-case hex digits");
        Path tls = dir.resolve("tls.yaml");
        Files.writeString(tls, "grpcTlsCertFile: /etc/node.crt\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(tls))
                .hasMessageContaining("grpcTlsCertFile and grpcTlsKeyFile must be set together");
        Path port = dir.resolve("port.yaml");
        Files.writeString(port, "grpcPort: 70000\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(port))
                .hasMessageContaining("grpcPort must be 0-65535 (0: any free port), got 70000");
        assertThatThrownBy(() -> NodeConfig.builder().grpcApiKeys(List.of(ApiKey.of("a", "k1", Role.ADMIN),
                ApiKey.of("a", "k2", Role.CLIENT))).build()).hasMessageContaining("two keys named 'a'");
    }

    @Test
    void readsTheFileOverGivenDefaults() throws Exception {
        Path file = dir.resolve("over.yaml");
        Files.writeString(file, "zone: z1\n");
        NodeConfig c = new NodeConfigLoader().load(file, () -> NodeConfig.builder().sampleBot(true).backups(2));
        assertThat(c.zone()).isEqualTo("z1");
        assertThat(c.sampleBot()).isTrue();
        assertThat(c.backups()).isEqualTo(2);
        Files.writeString(file, "sampleBot: false\n");
        assertThat(new NodeConfigLoader().load(file, () -> NodeConfig.builder().sampleBot(true)).sampleBot())
                .as("the file wins over the given defaults").isFalse();
        Files.writeString(file, "");
        assertThat(new NodeConfigLoader().load(file, () -> NodeConfig.builder().sampleBot(true)).sampleBot())
                .isTrue();
    }

    @Test
    void zoneAwareBackupsNeedsBackupsPlusOneDeclaredZonesIncludingTheNodesOwn() throws Exception {
        Path none = dir.resolve("none.yaml");
        Files.writeString(none, "zone: a\nbackups: 1\nzoneAwareBackups: true\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(none))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zoneAwareBackups needs at least backups + 1 = 2 zones in 'zones'")
                .hasMessageContaining("got 0");
        Path few = dir.resolve("few.yaml");
        Files.writeString(few, "zone: a\nbackups: 2\nzoneAwareBackups: true\nzones: [a, b]\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(few))
                .hasMessageContaining("zoneAwareBackups needs at least backups + 1 = 3 zones in 'zones' (each copy "
                        + "of a partition in its own zone), got 2 [a, b]");
        Path foreign = dir.resolve("foreign.yaml");
        Files.writeString(foreign, "zone: x\nzoneAwareBackups: true\nzones: [a, b, c]\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(foreign))
                .hasMessageContaining("zone 'x' is not one of zones [a, b, c]");
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "zone: b\nbackups: 2\nzoneAwareBackups: true\nzones: [a, b, c]\n");
        NodeConfig c = new NodeConfigLoader().load(ok);
        assertThat(c.zones()).containsExactly("a", "b", "c");
        assertThat(c.zoneAwareBackups()).isTrue();
    }

    @Test
    void refusesUnknownKeysAndBadValuesWithTheKeyAndLine() throws Exception {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "nodeName: a\nbakups: 2\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(typo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(typo + ":2: unknown key 'bakups' (did you mean 'backups'? allowed: ")
                .hasMessageContaining("backups, baselineAutoAdjust, blockingThreads, botsEnabled,")
                .hasMessageEndingWith("walMode, workers, zone, zoneAwareBackups, zones)");
        Path far = dir.resolve("far.yaml");
        Files.writeString(far, "colour: blue\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(far))
                .hasMessageStartingWith(far + ":1: unknown key 'colour' (allowed: auditRetention, backups, ");
        Path type = dir.resolve("type.yaml");
        Files.writeString(type, "nodeName: a\n\nbackups: two\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(type))
                .hasMessage(type + ":3: backups: expected a whole number, got 'two'");
        Path flag = dir.resolve("flag.yaml");
        Files.writeString(flag, "sampleBot: maybe\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(flag))
                .hasMessage(flag + ":1: sampleBot: expected true or false, got 'maybe'");
        Path wal = dir.resolve("wal.yaml");
        Files.writeString(wal, "zone: z\nwalMode: SOMETIMES\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(wal))
                .hasMessage(wal + ":2: walMode: expected one of FSYNC, LOG_ONLY, BACKGROUND, got 'SOMETIMES'");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "backups: 9\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(bad + ":1: backups must be 0-3, got 9");
        Path duration = dir.resolve("duration.yaml");
        Files.writeString(duration, "stopTimeout: soon\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(duration))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(duration + ":1: stopTimeout: 'soon' is not a duration (e.g. 500ms, 10s, 2m, PT1H)");
        assertThatThrownBy(() -> new NodeConfigLoader().load(dir.resolve("missing.yaml")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void grpcLimitsAreReadWithDefaultsAndReachTheFrontsRecord() throws Exception {
        Path file = dir.resolve("limits.yaml");
        Files.writeString(file, """
                grpcMaxMetadataBytes: 4096
                grpcMaxConcurrentStreams: 16
                grpcPermitKeepAliveTime: 1m
                grpcMaxConnectionIdle: 5m
                grpcMaxConnectionAge: 0s
                grpcMaxDeadline: 30s
                """);
        io.botgrid.grpc.GrpcServerConfig grpc = new NodeConfigLoader().load(file).grpc();
        assertThat(grpc.maxMetadataBytes()).isEqualTo(4_096);
        assertThat(grpc.maxConcurrentStreams()).isEqualTo(16);
        assertThat(grpc.permitKeepAliveTime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(grpc.maxConnectionIdle()).isEqualTo(Duration.ofMinutes(5));
        assertThat(grpc.maxConnectionAge()).as("0s: never").isZero();
        assertThat(grpc.maxConnectionAgeGrace()).as("default kept").isEqualTo(Duration.ofHours(1));
        assertThat(grpc.maxDeadline()).isEqualTo(Duration.ofSeconds(30));

        Files.writeString(file, "grpcMaxDeadline: 0s\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limits.yaml:1: grpcMaxDeadline must be positive");
        Files.writeString(file, "grpcMaxConcurrentStreams: 0\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limits.yaml:1: grpcMaxConcurrentStreams must be >= 1, got 0");
    }
}
