package io.botgrid.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.fuzz.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The node's YAML, fuzzed: any file gives a configuration or an {@link IllegalArgumentException} whose message is
 * one line naming the file, never another exception type or a message an operator would have to scroll through.
 */
class NodeConfigPropertiesTest {
    private static final List<String> SEEDS = List.of("""
            nodeName: edge-7
            zone: eu-west-1b
            walMode: FSYNC
            failureDetectionTimeout: 2500ms
            baselineAutoAdjust: 1m
            seeds: ["10.0.0.1:47500", "10.0.0.2:47500"]
            grpcPort: 9090
            grpcApiKeys:
              - name: ops
                hash: "0000000000000000000000000000000000000000000000000000000000000000"
                role: operator
            endpointHeaderTimeout: 3s
            backups: 2
            """, "{\"nodeName\": \"n\", \"partitions\": 64, \"grpcMaxMessageBytes\": 1048576}\n");

    private static Path dir;

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("node-config-fuzz");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = 300)
    void randomBytesGiveAConfigOrOneLine(@ForAll("randomBytes") byte[] yaml) {
        assertConfigOrOneLine(yaml);
    }

    @Property(tries = 1000)
    void mutatedYamlGivesAConfigOrOneLine(@ForAll("mutatedYaml") byte[] yaml) {
        assertConfigOrOneLine(yaml);
    }

    @Example
    void deepNestingAndAliasBombsGiveOneLine() {
        assertConfigOrOneLine(("seeds: " + "[".repeat(20_000)).getBytes());
        StringBuilder bomb = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ",")
                    .repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        assertConfigOrOneLine((bomb + "seeds: *a11\n").getBytes());
        assertConfigOrOneLine("!!java.io.File [\"/\"]\n".getBytes());
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Mutations.randomBytes(512);
    }

    @Provide
    Arbitrary<byte[]> mutatedYaml() {
        return Mutations.mutated(SEEDS);
    }

    private static void assertConfigOrOneLine(byte[] yaml) {
        Path file = dir.resolve("node.yaml");
        try {
            Files.write(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            assertThat(new NodeConfigLoader().load(file)).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n").doesNotContain("\r")
                    .hasSizeLessThan(2_000);
        }
    }
}
