package io.botgrid.workers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.node.internal.StageSpanProcessor;
import io.botgrid.telemetry.Events;
import io.botgrid.workers.AutoscalePolicy;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.QueueFullException;
import io.botgrid.workers.QueueStatus;
import io.botgrid.workers.StageObserver;
import io.botgrid.workers.WorkersConfig;
import io.botgrid.workers.WorkersTelemetry;
import io.botgrid.workers.autoscale.Autoscaler;
import io.botgrid.workers.autoscale.ScalingDecision;
import io.botgrid.workers.autoscale.StageLatencies;
import io.botgrid.workers.spi.WorkerMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler on a real engine: a chain whose middle stage takes 100 ms per item (the built-in {@code delay}, on a
 * manual scheduler), its latency read from its spans by the span processor, time driven by hand.
 */
class AutoscaledChainTest {
    private static final long EPOCH = 1_700_000_000_000_000_000L;
    private final ManualScheduler scheduler = new ManualScheduler();
    /** The engine's clock follows the manual scheduler, so span times are manual too. */
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            long n = EPOCH + scheduler.ticker().nanoTime();
            return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
        }
    };
    private final StageLatencies latencies = new StageLatencies();
    private final ConcurrentLinkedQueue<SpanData> spans = new ConcurrentLinkedQueue<>();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(new StageSpanProcessor(latencies)).addSpanProcessor(new Collect(spans)).build()).build();
    private final ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
    private final LocalSupervisor engine = WorkerEngine.create(WorkersConfig.defaults("n1").withThreads(4),
            scheduler, clock, List.of(), new WorkersTelemetry(otel,
                    (StageObserver) (chain, stage, h, w, failed) -> handled.add(stage)));
    private final Autoscaler autoscaler = Autoscaler.start(engine, latencies, scheduler, clock, Duration.ofSeconds(1),
            Events.NONE, null);

    private record Collect(ConcurrentLinkedQueue<SpanData> into) implements SpanProcessor {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            into.add(span.toSpanData());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @AfterEach
    void close() {
        autoscaler.close();
        engine.close();
        otel.close();
    }

    private static ChainSpec chain(AutoscalePolicy policy) {
        return ChainSpec.of("pipe", List.of(
                ChainSpec.Stage.of("parse", FunctionRef.of("echo")).withQueueCapacity(2000),
                ChainSpec.Stage.of("slow", FunctionRef.of("delay", Map.of("millis", "100")))
                        .withInstances(1, 10).withQueueCapacity(500).withAutoscale(policy),
                ChainSpec.Stage.of("store", FunctionRef.of("echo"))));
    }

    private QueueStatus slow() {
        return engine.status("pipe").orElseThrow().queues().stream().filter(q -> q.name().equals("slow"))
                .findFirst().orElseThrow();
    }

    /**
     * Waits until the engine's threads are done with what the last step gave them: every item is either waiting in
     * a queue or on a timer of the manual scheduler, and the counts stop moving.
     */
    private void settle() {
        long[] last = {-1, -1, -1};
        EngineFixture.waiting().pollInterval(Duration.ofMillis(1)).until(() -> {
            var st = engine.status("pipe").orElseThrow();
            long depth = st.queues().stream().mapToLong(QueueStatus::depth).sum();
            long now = st.processed() * 1_000_003L + depth * 31 + scheduler.pending();
            boolean same = now == last[0] && last[0] == last[1];
            last[1] = last[0];
            last[0] = now;
            return same;
        });
    }

    @Test
    void aSlowStageScalesUpToWhatTheLoadNeedsAndBackDownWithoutFlapping() {
        AutoscalePolicy policy = AutoscalePolicy.DEFAULT.withTargetBacklog(10).withCooldown(Duration.ofSeconds(2))
                .withMaxStep(2).withHysteresis(0.5).withScaleDownAfter(Duration.ofSeconds(5));
        engine.apply(chain(policy), 1);
        settle();
        List<Integer> during = new ArrayList<>();
        List<CompletableFuture<List<WorkerMessage>>> results = new ArrayList<>();
        int refused = 0;
        // the load step: 25 items/s (one every 40 ms) for 30 s, where one instance carries 10/s
        for (int i = 0; i < 750; i++) {
            try {
                results.add(engine.push("pipe", Optional.empty(), WorkerMessage.of("item-" + i))
                        .toCompletableFuture());
            } catch (QueueFullException e) {
                refused++;
            }
            scheduler.advance(Duration.ofMillis(40));
            settle();
            if (i % 25 == 0) {
                during.add(slow().instances());
            }
        }
        int loaded = slow().instances();
        // what 25/s x 100 ms needs (2.5 busy) up to the policy's headroom (at most 50 % busy: 5), far from max 10
        assertThat(loaded).isBetween(3, 5);
        assertThat(during).isSorted(); // never down while the load lasts
        assertThat(refused).isZero();
        // the load ends: drain, then down to min one cool-down at a time
        List<Integer> after = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            scheduler.advance(Duration.ofMillis(500));
            settle();
            scheduler.advance(Duration.ofMillis(500));
            settle();
            after.add(slow().instances());
        }
        assertThat(after.get(after.size() - 1)).isEqualTo(1);
        List<Integer> reversed = new ArrayList<>(after);
        java.util.Collections.reverse(reversed);
        assertThat(reversed).isSorted(); // never up again once the load is gone
        assertThat(results).allSatisfy(f -> assertThat(f).isCompleted());

        List<ScalingDecision> decisions = autoscaler.decisions("pipe");
        assertThat(decisions).isNotEmpty().allSatisfy(d -> {
            assertThat(d.stage()).isEqualTo("slow");
            assertThat(d.action()).isNotEqualTo(ScalingDecision.Action.HOLD);
        });
        // no flapping: every up comes before every down
        int firstDown = decisions.stream().map(ScalingDecision::action).toList().indexOf(ScalingDecision.Action.DOWN);
        assertThat(decisions.subList(firstDown, decisions.size()))
                .allSatisfy(d -> assertThat(d.action()).isEqualTo(ScalingDecision.Action.DOWN));
        assertThat(decisions.subList(0, firstDown))
                .allSatisfy(d -> assertThat(d.action()).isEqualTo(ScalingDecision.Action.UP));
        // the latency came from the spans: 100 ms of handling measured on the manual clock, plus the step in which
        // the delay's timer fired and, on a loaded machine where settle() can return before an engine thread ended
        // its span, a step or two more (40 ms each); a wall clock would give about 0 here, never 100
        ScalingDecision firstUp = decisions.get(0);
        assertThat(firstUp.signals().meanHandlingNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(100),
                TimeUnit.MILLISECONDS.toNanos(220));
        assertThat(firstUp.reason()).startsWith("backlog ");
        assertThat(firstUp.describe()).contains("pipe/slow up 1 -> ");
    }

    @Test
    void anItemsStageSpansFormOneTreeUnderThePushersSpan() throws Exception {
        engine.apply(chain(AutoscalePolicy.DEFAULT), 1);
        settle();
        Span caller = otel.getTracer("test").spanBuilder("caller").startSpan();
        CompletableFuture<List<WorkerMessage>> result;
        Scope scope = caller.makeCurrent();
        try {
            result = engine.push("pipe", Optional.empty(), WorkerMessage.of("x")).toCompletableFuture();
        } finally {
            scope.close();
        }
        EngineFixture.waiting().until(() -> {
            scheduler.advance(Duration.ofMillis(20));
            return result.isDone();
        });
        assertThat(result.get(10, TimeUnit.SECONDS)).extracting(WorkerMessage::text).containsExactly("x");
        caller.end();
        EngineFixture.waiting().until(() -> spans.stream().filter(s -> s.getName().startsWith("stage ")).count() == 3);
        SpanData parse = span("stage parse");
        SpanData slow = span("stage slow");
        SpanData store = span("stage store");
        String trace = caller.getSpanContext().getTraceId();
        assertThat(List.of(parse, slow, store)).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(trace));
        assertThat(parse.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
        assertThat(slow.getParentSpanId()).isEqualTo(parse.getSpanId());
        assertThat(store.getParentSpanId()).isEqualTo(slow.getSpanId());
        assertThat(slow.getEndEpochNanos() - slow.getStartEpochNanos()).isBetween(100_000_000L, 140_000_000L);
        assertThat(slow.getAttributes().asMap().toString()).contains("botgrid.chain=pipe", "botgrid.stage=slow",
                "botgrid.worker=pipe/slow#0");
        assertThat(handled).containsExactlyInAnyOrder("parse", "slow", "store");
    }

    private SpanData span(String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }
}
