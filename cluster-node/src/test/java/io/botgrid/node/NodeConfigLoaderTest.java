package io.botgrid.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    void refusesUnknownKeysAndBadValuesWithTheKeyAndLine() throws Exception {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "nodeName: a\nbakups: 2\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(typo))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bakups")
                .hasMessageContaining("line 2");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "backups: 9\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backups must be 0-3, got 9");
        Path duration = dir.resolve("duration.yaml");
        Files.writeString(duration, "stopTimeout: soon\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(duration))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> new NodeConfigLoader().load(dir.resolve("missing.yaml")))
                .hasMessageContaining("does not exist");
    }
}
