package io.botgrid.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.Placement;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.cluster.WorkerSpecCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code workers:} section of a node's YAML, and the spec codec round trip. */
class WorkersYamlTest {
    @TempDir
    Path dir;

    @Test
    void readsStandaloneGroupAndChainSpecs() throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                workers:
                  - id: poller
                    standalone: {function: delay, settings: {millis: 20}}
                    restart: {strategy: transient, maxRestarts: 5, within: 10s, backoffMin: 50ms, backoffMax: 2s}
                    placement: {zone: eu-1}
                  - id: receivers
                    group:
                      members:
                        - {id: a, function: echo}
                        - {id: b, function: echo}
                    placement: every-node
                  - id: pipeline
                    chain:
                      stages:
                        - {name: parse, function: echo, minInstances: 2, maxInstances: 4, queueCapacity: 64, keyOrdered: true}
                        - {name: store, function: echo}
                      end: {function: echo}
                    placement: {withActor: bot/support}
                """);
        NodeConfig c = new NodeConfigLoader().load(file);
        assertThat(c.workerSpecs()).hasSize(3);
        StandaloneSpec poller = (StandaloneSpec) c.workerSpecs().get(0);
        assertThat(poller.function().settings()).containsEntry("millis", "20");
        assertThat(poller.restart()).isEqualTo(new RestartPolicy(RestartPolicy.Strategy.TRANSIENT, 5,
                Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofSeconds(2)));
        assertThat(poller.placement()).isEqualTo(new Placement.Zone("eu-1"));
        GroupSpec group = (GroupSpec) c.workerSpecs().get(1);
        assertThat(group.members()).extracting(GroupSpec.Member::id).containsExactly("a", "b");
        assertThat(group.placement()).isEqualTo(new Placement.EveryNode());
        ChainSpec chain = (ChainSpec) c.workerSpecs().get(2);
        assertThat(chain.stages().get(0)).satisfies(s -> {
            assertThat(s.minInstances()).isEqualTo(2);
            assertThat(s.maxInstances()).isEqualTo(4);
            assertThat(s.queueCapacity()).isEqualTo(64);
            assertThat(s.keyOrdered()).isTrue();
        });
        assertThat(chain.end()).isPresent();
        assertThat(chain.placement()).isEqualTo(new Placement.WithActor("bot", "support"));
        for (var spec : c.workerSpecs()) {
            assertThat(WorkerSpecCodec.fromProto(WorkerSpecCodec.toProto(spec))).isEqualTo(spec);
        }
    }

    @Test
    void badSpecsAreRefusedNamingTheSpecAndField() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                workers:
                  - id: pipeline
                    chain:
                      stages:
                        - {name: parse, function: echo, minInstances: 3, maxInstances: 2}
                """);
        assertThatThrownBy(() -> new NodeConfigLoader().load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("worker spec 'pipeline'").hasMessageContaining("greater than max");
        Files.writeString(file, """
                workers:
                  - id: x
                    standalone: {function: echo, setings: {}}
                """);
        assertThatThrownBy(() -> new NodeConfigLoader().load(file)).hasMessageContaining("setings")
                .hasMessageContaining("allowed");
        Files.writeString(file, """
                workers:
                  - {id: x, standalone: {function: echo}}
                  - {id: x, standalone: {function: echo}}
                """);
        assertThatThrownBy(() -> new NodeConfigLoader().load(file)).hasMessageContaining("spec id twice");
    }
}
