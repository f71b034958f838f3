package io.botgrid.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.proto.v1.ChainStage;
import io.botgrid.workers.AutoscalePolicy;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.cluster.WorkerSpecCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain stage's autoscale policy in YAML and Protobuf, and the precise refusals of bad ones. */
class AutoscalePolicySpecTest {
    @TempDir
    Path dir;

    private ChainSpec load(String stage) throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                workers:
                  - id: pipe
                    chain:
                      stages:
                        - {name: parse, function: echo}
                        - %s
                """.formatted(stage));
        return (ChainSpec) new NodeConfigLoader().load(file).workerSpecs().get(0);
    }

    @Test
    void yamlPolicyFieldsAndDefaultsRoundTripThroughTheCodec() throws Exception {
        ChainSpec spec = load("{name: slow, function: echo, minInstances: 1, maxInstances: 8, queueCapacity: 100, "
                + "autoscale: {targetBacklog: 20, targetLatency: 250ms, cooldown: 5s, maxStep: 3, hysteresis: 0.4, "
                + "scaleDownAfter: 1m}}");
        AutoscalePolicy p = spec.stages().get(1).autoscale().orElseThrow();
        assertThat(p).isEqualTo(new AutoscalePolicy(20, Duration.ofMillis(250), Duration.ofSeconds(5), 3, 0.4,
                Duration.ofMinutes(1)));
        assertThat(spec.stages().get(0).autoscale()).isEmpty();
        assertThat(WorkerSpecCodec.fromProto(WorkerSpecCodec.toProto(spec))).isEqualTo(spec);
        ChainSpec defaults = load("{name: slow, function: echo, maxInstances: 4, autoscale: {}}");
        assertThat(defaults.stages().get(1).autoscale()).contains(AutoscalePolicy.DEFAULT);
        assertThat(WorkerSpecCodec.fromProto(WorkerSpecCodec.toProto(defaults))).isEqualTo(defaults);
    }

    @Test
    void badPoliciesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> load("{name: slow, function: echo, maxInstances: 4, autoscale: {maxStep: 0}}"))
                .hasMessageContaining("worker spec 'pipe'")
                .hasMessageContaining("chain.stages[1].autoscale.maxStep: must be at least 1, got 0");
        assertThatThrownBy(() -> load("{name: slow, function: echo, maxInstances: 4, autoscale: {hysteresis: 1}}"))
                .hasMessageContaining("chain.stages[1].autoscale.hysteresis: must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> load("{name: slow, function: echo, maxInstances: 4, autoscale: {cooldown: soon}}"))
                .hasMessageContaining("chain.stages[1].autoscale.cooldown");
        assertThatThrownBy(() -> load("{name: slow, function: echo, maxInstances: 4, autoscale: {target: 3}}"))
                .hasMessageContaining("target").hasMessageContaining("allowed");
        assertThatThrownBy(() -> load("{name: slow, function: echo, autoscale: {}}"))
                .hasMessageContaining("stages[1].autoscale: the stage runs exactly 1 instance(s) (minInstances = "
                        + "maxInstances): nothing to scale");
        assertThatThrownBy(() -> load("{name: slow, function: echo, maxInstances: 4, queueCapacity: 16, "
                + "autoscale: {targetBacklog: 16}}"))
                .hasMessageContaining("stages[1].autoscale.targetBacklog: must be below the stage's queueCapacity "
                        + "16, got 16");
        // the same checks on the API's form
        io.botgrid.proto.v1.WorkerSpec proto = WorkerSpecCodec.toProto(ChainSpec.of("c", List.of(
                ChainSpec.Stage.of("s", FunctionRef.of("echo")).withInstances(1, 3)
                        .withAutoscale(AutoscalePolicy.DEFAULT))));
        io.botgrid.proto.v1.WorkerSpec bad = proto.toBuilder().setChain(proto.getChain().toBuilder().setStages(0,
                ChainStage.newBuilder(proto.getChain().getStages(0)).setAutoscale(proto.getChain().getStages(0)
                        .getAutoscale().toBuilder().setTargetBacklog(-1)))).build();
        assertThatThrownBy(() -> WorkerSpecCodec.fromProto(bad)).isInstanceOf(InvalidWorkerSpecException.class)
                .hasMessage("stages[0].autoscale.targetBacklog: must be at least 1, got -1");
    }
}
