package io.botgrid.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code clusterTls} and {@code encryption} blocks of the node YAML reach the storage's record. */
class SecurityYamlTest {
    @TempDir
    Path dir;

    @Test
    void clusterTlsAndEncryptionBlocksAreRead() throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                clusterTls:
                  keyStore: tls/node.p12
                  trustStore: tls/cluster.p12
                  passwordFile: tls/password
                encryption:
                  keyStore: keys/master.p12
                """);
        NodeConfig c = new NodeConfigLoader().load(file);
        assertThat(c.storage().clusterTls())
                .isEqualTo(new ClusterTlsConfig(Path.of("tls/node.p12"), Path.of("tls/cluster.p12"),
                        Path.of("tls/password")));
        assertThat(c.storage().encryption()).isEqualTo(new EncryptionConfig(Path.of("keys/master.p12"), null));
        assertThat(NodeConfig.defaults().storage().clusterTls()).isNull();
        assertThat(NodeConfig.defaults().storage().encryption()).isNull();
    }

    @Test
    void rateLimitsAreReadAndAnUnknownRoleIsRefused() throws Exception {
        Path file = dir.resolve("limits.yaml");
        Files.writeString(file, """
                rateLimits:
                  roles:
                    client: {perSecond: 50, burst: 100}
                    operator: {perSecond: 0.5}
                  bot: {perSecond: 20}
                  bots:
                    sample: {perSecond: 2, burst: 5}
                """);
        io.botgrid.ratelimit.RateLimitConfig limits = new NodeConfigLoader().load(file).rateLimits();
        assertThat(limits.forRole("client")).contains(io.botgrid.ratelimit.Rate.of(50, 100));
        assertThat(limits.forRole("operator")).contains(io.botgrid.ratelimit.Rate.of(0.5, 1));
        assertThat(limits.forRole("admin")).isEmpty();
        assertThat(limits.forBot("other")).contains(io.botgrid.ratelimit.Rate.of(20, 20));
        assertThat(limits.forBot("sample")).contains(io.botgrid.ratelimit.Rate.of(2, 5));
        assertThat(NodeConfig.defaults().rateLimits().any()).isFalse();

        Files.writeString(file, """
                rateLimits:
                  roles:
                    superuser: {perSecond: 1}
                """);
        assertThatThrownBy(() -> new NodeConfigLoader().load(file))
                .hasMessageContaining("rateLimits.roles: unknown role 'superuser'");
        Files.writeString(file, """
                rateLimits:
                  bot: {perSecond: 0}
                """);
        assertThatThrownBy(() -> new NodeConfigLoader().load(file)).hasMessageContaining("perSecond must be a number > 0");
    }

    @Test
    void aMissingStoreOrAnUnknownKeyIsRefusedWithItsName() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                clusterTls:
                  keyStore: tls/node.p12
                """);
        assertThatThrownBy(() -> new NodeConfigLoader().load(file))
                .hasMessageContaining("clusterTls.trustStore is required");
        Files.writeString(file, """
                encryption:
                  keyStore: keys/master.p12
                  password: hunter2
                """);
        assertThatThrownBy(() -> new NodeConfigLoader().load(file))
                .hasMessageContaining("unknown key 'encryption.password'")
                .hasMessageNotContaining("hunter2");
    }
}
