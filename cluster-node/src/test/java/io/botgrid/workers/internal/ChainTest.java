package io.botgrid.workers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.QueueFullException;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.UnknownWorkerException;
import io.botgrid.workers.WorkerAbortedException;
import io.botgrid.workers.WorkerErrorCode;
import io.botgrid.workers.WorkerException;
import io.botgrid.workers.WorkerNotRunningException;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.WorkerStatus;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChainTest {
    private final ConcurrentLinkedQueue<String> ended = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> gates = new ConcurrentLinkedQueue<>();
    private final Probe probe = new Probe("probe");
    private final EngineFixture fx = new EngineFixture(TestFunctions.tag(), TestFunctions.collect(ended),
            TestFunctions.gate(gates), TestFunctions.split(), probe);

    @AfterEach
    void close() {
        gates.forEach(g -> g.complete(null));
        fx.close();
    }

    private static ChainSpec.Stage tagStage(String name, int instances, boolean keyOrdered, boolean crashOnBoom) {
        return new ChainSpec.Stage(name, FunctionRef.of("tag", Map.of("tag", name, "crashOnBoom", "" + crashOnBoom)),
                instances, instances, 64, keyOrdered);
    }

    private void awaitState(String id, WorkerState state) {
        EngineFixture.waiting().until(() -> fx.engine.status(id).orElseThrow().state() == state);
    }

    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + f.join());
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Pushes, retrying while the head refuses (backpressure). */
    private CompletableFuture<List<WorkerMessage>> pushRetrying(String chain, WorkerMessage m) {
        while (true) {
            CompletableFuture<List<WorkerMessage>> f = fx.engine.push(chain, Optional.empty(), m).toCompletableFuture();
            if (f.isCompletedExceptionally() && cause(f) instanceof QueueFullException) {
                Thread.onSpinWait();
                continue;
            }
            return f;
        }
    }

    @Test
    void itemsFlowThroughThreeStagesOfSeveralInstancesInPerKeyOrderToTheEndFunction() throws Exception {
        ChainSpec chain = ChainSpec.of("c", List.of(tagStage("s1", 3, true, false), tagStage("s2", 3, true, false),
                tagStage("s3", 3, true, false))).withEnd(FunctionRef.of("collect"));
        fx.engine.apply(chain, 1);
        int keys = 8;
        int perKey = 40;
        List<CompletableFuture<List<WorkerMessage>>> results = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                results.add(pushRetrying("c", WorkerMessage.keyed("k" + k, "k" + k + ":" + i)));
            }
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(ended).hasSize(keys * perKey);
        Map<String, Integer> lastSeq = new HashMap<>();
        for (String text : ended) {
            assertThat(text).endsWith("|s1|s2|s3");
            String[] head = text.substring(0, text.indexOf('|')).split(":");
            int seq = Integer.parseInt(head[1]);
            Integer before = lastSeq.put(head[0], seq);
            assertThat(seq).as("order of key %s", head[0]).isEqualTo(before == null ? 0 : before + 1);
        }
        assertThat(results.get(0).join()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("k0:0|s1|s2|s3"));
        WorkerStatus status = fx.engine.status("c").orElseThrow();
        assertThat(status.queues()).extracting(q -> q.name()).containsExactly("s1", "s2", "s3", "end");
        assertThat(status.queues()).allSatisfy(q -> assertThat(q.processed()).isEqualTo(keys * perKey));
        assertThat(status.instances()).hasSize(10);
    }

    @Test
    void theResultOfAPushHoldsEverythingItProducedAndAFilteredItemGivesNothing() throws Exception {
        ChainSpec chain = ChainSpec.of("fan", List.of(ChainSpec.Stage.of("split", FunctionRef.of("split")),
                tagStage("t", 2, false, false)));
        fx.engine.apply(chain, 1);
        List<WorkerMessage> out = fx.engine.push("fan", Optional.empty(), WorkerMessage.of("a,b,c"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(out).extracting(WorkerMessage::text).containsExactlyInAnyOrder("a|t", "b|t", "c|t");
        assertThat(fx.engine.push("fan", Optional.empty(), WorkerMessage.of("")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void anItemPushedAtANamedStageSkipsTheStagesBeforeIt() throws Exception {
        fx.engine.apply(ChainSpec.of("c", List.of(tagStage("s1", 1, false, false), tagStage("s2", 1, false, false),
                tagStage("s3", 1, false, false))).withEnd(FunctionRef.of("collect")), 1);
        List<WorkerMessage> out = fx.engine.push("c", Optional.of("s3"), WorkerMessage.of("x")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(out).extracting(WorkerMessage::text).containsExactly("x|s3");
        assertThat(ended).containsExactly("x|s3");
        Throwable unknown = cause(fx.engine.push("c", Optional.of("s9"), WorkerMessage.of("x")).toCompletableFuture());
        assertThat(unknown).isInstanceOf(UnknownWorkerException.class).hasMessageContaining("c/s9");
    }

    @Test
    void aCrashingStageStopsTheWholeChainWhichRestartsByItsPolicyThenFails() throws Exception {
        ChainSpec chain = new ChainSpec("c", List.of(
                new ChainSpec.Stage("s1", FunctionRef.of("probe"), 2, 2, 64, false),
                tagStage("s2", 2, false, true),
                new ChainSpec.Stage("s3", FunctionRef.of("probe"), 1, 1, 64, false)),
                Optional.of(FunctionRef.of("collect")),
                RestartPolicy.of(RestartPolicy.Strategy.TRANSIENT).withIntensity(1, Duration.ofSeconds(10))
                        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(50)),
                io.botgrid.workers.Placement.any());
        fx.engine.apply(chain, 1);
        awaitState("c", WorkerState.RUNNING);

        Throwable crash = cause(fx.engine.push("c", Optional.empty(), WorkerMessage.of("boom")).toCompletableFuture());
        assertThat(crash).isInstanceOf(WorkerAbortedException.class).hasMessageContaining("boom in s2");
        assertThat(((WorkerException) crash).code()).isEqualTo(WorkerErrorCode.ABORTED);
        awaitState("c", WorkerState.RESTARTING);
        EngineFixture.waiting().until(() -> probe.terminations.size() == 3);
        assertThat(probe.terminations).containsExactlyInAnyOrder("c/s1#0:SIBLING_ENDED", "c/s1#1:SIBLING_ENDED",
                "c/s3#0:SIBLING_ENDED");

        Throwable refused = cause(fx.engine.push("c", Optional.empty(), WorkerMessage.of("x")).toCompletableFuture());
        assertThat(refused).isInstanceOf(WorkerNotRunningException.class).hasMessageContaining("restarting");
        assertThat(((WorkerException) refused).code()).isEqualTo(WorkerErrorCode.UNAVAILABLE);

        EngineFixture.waiting().until(() -> fx.scheduler.pending() == 1);
        fx.scheduler.advance(Duration.ofMillis(50));
        awaitState("c", WorkerState.RUNNING);
        assertThat(fx.engine.push("c", Optional.empty(), WorkerMessage.of("ok")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).extracting(WorkerMessage::text).containsExactly("ok|s2");

        // a second crash within the window exceeds the intensity (1 in 10 s): failed for good
        cause(fx.engine.push("c", Optional.empty(), WorkerMessage.of("boom again")).toCompletableFuture());
        awaitState("c", WorkerState.FAILED);
        WorkerStatus failed = fx.engine.status("c").orElseThrow();
        assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e).contains("more than 1 restarts in 10000 ms",
                "boom in s2"));
        Throwable stopped = cause(fx.engine.push("c", Optional.empty(), WorkerMessage.of("x")).toCompletableFuture());
        assertThat(stopped).isInstanceOf(WorkerNotRunningException.class).hasMessageContaining("'c' is failed");
        assertThat(((WorkerException) stopped).code()).isEqualTo(WorkerErrorCode.FAILED_PRECONDITION);
    }

    @Test
    void aFullEntryStageRefusesWithResourceExhaustedAndAcceptedItemsStillComplete() throws Exception {
        fx.engine.apply(ChainSpec.of("g", List.of(new ChainSpec.Stage("gate", FunctionRef.of("gate"), 1, 1, 2, false))), 1);
        awaitState("g", WorkerState.RUNNING);
        CompletableFuture<List<WorkerMessage>> a = push("g", "a");
        EngineFixture.waiting().until(() -> gates.size() == 1); // a is being handled
        CompletableFuture<List<WorkerMessage>> b = push("g", "b");
        CompletableFuture<List<WorkerMessage>> c = push("g", "c");

        Throwable full = cause(push("g", "d"));
        assertThat(full).isInstanceOf(QueueFullException.class).hasMessage(
                "the queue of 'g/gate' is full (2 items): retry later");
        assertThat(((WorkerException) full).code()).isEqualTo(WorkerErrorCode.RESOURCE_EXHAUSTED);
        assertThat(fx.engine.status("g").orElseThrow().queues().get(0).depth()).isEqualTo(2);

        releaseGatesUntil(() -> a.isDone() && b.isDone() && c.isDone());
        assertThat(List.of(a.join(), b.join(), c.join())).extracting(l -> l.get(0).text()).containsExactly("a", "b", "c");
    }

    @Test
    void aSlowStageHoldsBackTheStagesBeforeItUntilTheHeadRefuses() throws Exception {
        fx.engine.apply(ChainSpec.of("bp", List.of(
                new ChainSpec.Stage("fast", FunctionRef.of("tag", Map.of("tag", "f")), 1, 1, 1, false),
                new ChainSpec.Stage("slow", FunctionRef.of("gate"), 1, 1, 1, false))), 1);
        awaitState("bp", WorkerState.RUNNING);
        List<CompletableFuture<List<WorkerMessage>>> accepted = new ArrayList<>();
        accepted.add(push("bp", "i0"));
        EngineFixture.waiting().until(() -> gates.size() == 1); // i0 in the slow stage
        accepted.add(push("bp", "i1"));
        EngineFixture.waiting().until(() -> queue("bp", 1).depth() == 1); // i1 queued at slow
        accepted.add(push("bp", "i2"));
        // i2 handled by fast, whose instance now waits for room at slow instead of taking more
        EngineFixture.waiting().until(() -> queue("bp", 0).processed() == 3);
        accepted.add(push("bp", "i3"));
        assertThat(queue("bp", 0).depth()).isEqualTo(1);

        Throwable refusal = cause(push("bp", "i4"));
        assertThat(refusal).isInstanceOf(QueueFullException.class).hasMessageContaining("'bp/fast'");
        assertThat(accepted).noneMatch(CompletableFuture::isDone);

        releaseGatesUntil(() -> accepted.stream().allMatch(CompletableFuture::isDone));
        assertThat(accepted).extracting(f -> f.join().get(0).text()).containsExactly("i0|f", "i1|f", "i2|f", "i3|f");
    }

    private io.botgrid.workers.QueueStatus queue(String chain, int index) {
        return fx.engine.status(chain).orElseThrow().queues().get(index);
    }

    @Test
    void aStageInstanceCountMovesWithinItsBoundsAtRunTime() throws Exception {
        fx.engine.apply(ChainSpec.of("c", List.of(new ChainSpec.Stage("s", FunctionRef.of("tag", Map.of("tag", "s")),
                1, 3, 64, true))), 1);
        awaitState("c", WorkerState.RUNNING);
        fx.engine.setInstances("c", "s", 3);
        EngineFixture.waiting().until(() -> fx.engine.status("c").orElseThrow().instances().size() == 3);
        assertThat(fx.engine.status("c").orElseThrow().queues().get(0).instances()).isEqualTo(3);
        List<CompletableFuture<List<WorkerMessage>>> results = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            results.add(pushRetrying("c", WorkerMessage.keyed("k" + (i % 5), "v" + i)));
        }
        fx.engine.setInstances("c", "s", 1);
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        EngineFixture.waiting().until(() -> fx.engine.status("c").orElseThrow().instances().size() == 1);

        assertThatThrownBy(() -> fx.engine.setInstances("c", "s", 4)).isInstanceOf(InvalidWorkerSpecException.class)
                .hasMessage("instances: stage c/s runs between 1 and 3 instances, got 4");
        assertThatThrownBy(() -> fx.engine.setInstances("c", "t", 2)).isInstanceOf(UnknownWorkerException.class)
                .hasMessage("no stage 'c/t' on this node");
    }

    private CompletableFuture<List<WorkerMessage>> push(String chain, String text) {
        return fx.engine.push(chain, Optional.empty(), WorkerMessage.of(text)).toCompletableFuture();
    }

    private void releaseGatesUntil(java.util.function.BooleanSupplier done) {
        EngineFixture.waiting().until(() -> {
            CompletableFuture<Void> g;
            while ((g = gates.poll()) != null) {
                g.complete(null);
            }
            return done.getAsBoolean();
        });
    }

}
