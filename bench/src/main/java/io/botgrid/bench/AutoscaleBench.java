package io.botgrid.bench;

import io.botgrid.node.internal.StageSpanProcessor;
import io.botgrid.telemetry.Events;
import io.botgrid.util.Scheduler;
import io.botgrid.workers.AutoscalePolicy;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.QueueStatus;
import io.botgrid.workers.StageObserver;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.WorkersConfig;
import io.botgrid.workers.WorkersTelemetry;
import io.botgrid.workers.autoscale.Autoscaler;
import io.botgrid.workers.autoscale.ScalingDecision;
import io.botgrid.workers.autoscale.StageLatencies;
import io.botgrid.workers.internal.WorkerEngine;
import io.botgrid.workers.spi.WorkerMessage;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * W6, the chain autoscaler under a load step, in one process, wired as a node wires it (the workers engine with a
 * span per stage handling, the span processor that feeds {@link StageLatencies}, the {@link Autoscaler} ticking every
 * second on a system scheduler). Two chains run side by side on the same engine and get the same open-loop load:
 * {@code auto} (its slow middle stage autoscaled between 1 and 16 instances) and {@code fixed} (the same stage fixed
 * at 2 instances). The load runs at {@code --base} items/s, steps to {@code --step} items/s, then back.
 *
 * <p>Figures, per chain: the middle stage's instances every 2 s, the time from the step until its backlog is back
 * under the target (20 items) to stay, items/s before, during the last half of the step and after, pushes refused
 * (entry queue full).
 */
@Command(name = "w6", mixinStandardHelpOptions = true, description = "W6: chain autoscaler under a load step")
public final class AutoscaleBench implements Callable<Integer> {
    private static final int TARGET_BACKLOG = 20;

    @Option(names = "--handling-ms", defaultValue = "20", description = "Handling time of the slow stage (ms).")
    int handlingMs;

    @Option(names = "--base", defaultValue = "40", description = "Load before and after the step (items/s).")
    int base;

    @Option(names = "--step", defaultValue = "200", description = "Load during the step (items/s).")
    int step;

    @Option(names = "--before", defaultValue = "10s", converter = DurationConverter.class)
    Duration before;

    @Option(names = "--during", defaultValue = "30s", converter = DurationConverter.class)
    Duration during;

    @Option(names = "--after", defaultValue = "20s", converter = DurationConverter.class)
    Duration after;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AutoscaleBench()).execute(args));
    }

    private ChainSpec chain(String id, int min, int max, Optional<AutoscalePolicy> policy) {
        ChainSpec.Stage slow = ChainSpec.Stage.of("slow", FunctionRef.of("delay",
                Map.of("millis", Integer.toString(handlingMs)))).withInstances(min, max).withQueueCapacity(2000);
        if (policy.isPresent()) {
            slow = slow.withAutoscale(policy.get());
        }
        return ChainSpec.of(id, List.of(ChainSpec.Stage.of("parse", FunctionRef.of("echo")).withQueueCapacity(2000),
                slow, ChainSpec.Stage.of("store", FunctionRef.of("echo")).withQueueCapacity(2000)));
    }

    @Override
    public Integer call() throws Exception {
        StageLatencies latencies = new StageLatencies();
        AutoscalePolicy policy = AutoscalePolicy.DEFAULT.withTargetBacklog(TARGET_BACKLOG)
                .withCooldown(Duration.ofSeconds(2)).withMaxStep(4).withHysteresis(0.5)
                .withScaleDownAfter(Duration.ofSeconds(5));
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setSampler(Sampler.alwaysOn()).addSpanProcessor(new StageSpanProcessor(latencies)).build()).build();
             Scheduler scheduler = Scheduler.system("w6-timer");
             LocalSupervisor engine = WorkerEngine.create(WorkersConfig.defaults("w6"), scheduler,
                     Clock.systemUTC(), List.of(), new WorkersTelemetry(otel, StageObserver.NONE));
             Autoscaler autoscaler = Autoscaler.start(engine, latencies, scheduler, Clock.systemUTC(),
                     Duration.ofSeconds(1), Events.NONE, null)) {
            engine.apply(chain("auto", 1, 16, Optional.of(policy)), 1);
            engine.apply(chain("fixed", 2, 2, Optional.empty()), 1);
            while (engine.status().stream().anyMatch(s -> s.state() != WorkerState.RUNNING)) {
                Thread.sleep(10);
            }
            Run auto = new Run("auto", engine);
            Run fixed = new Run("fixed", engine);
            long start = System.nanoTime();
            long stepAt = start + before.toNanos();
            long stepEnd = stepAt + during.toNanos();
            long end = stepEnd + after.toNanos();
            long nextSample = start;
            double pushed = 0;
            long last = start;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                int rate = now >= stepAt && now < stepEnd ? step : base;
                pushed += rate * (now - last) / 1e9;
                last = now;
                while (pushed >= 1) {
                    pushed -= 1;
                    auto.push();
                    fixed.push();
                }
                if (now >= nextSample) {
                    double t = (now - start) / 1e9;
                    auto.sample(t, now, stepAt, stepEnd);
                    fixed.sample(t, now, stepAt, stepEnd);
                    nextSample += 500_000_000L;
                }
                Thread.sleep(2);
            }
            double beforeS = before.toNanos() / 1e9;
            double duringS = during.toNanos() / 1e9;
            Figures.line("w6.load", base + " -> " + step + " -> " + base + " items/s, slow stage " + handlingMs
                    + " ms per item, backlog target " + TARGET_BACKLOG);
            for (Run r : List.of(auto, fixed)) {
                r.print(beforeS, duringS);
            }
            for (ScalingDecision d : autoscaler.decisions("auto")) {
                System.err.println("decision: " + d.describe());
            }
        }
        return 0;
    }

    /** One chain's load and observations. */
    private static final class Run {
        final String id;
        final LocalSupervisor engine;
        final AtomicLong refused = new AtomicLong();
        final StringBuilder instances = new StringBuilder();
        long processedAtStep = -1;
        long processedAtHalf = -1;
        long processedAtStepEnd = -1;
        long processedAtEnd;
        double recoveredAt = -1;
        boolean overSinceStep;
        int maxInstances;
        int backlogAtStepEnd;
        int sampleCount;

        Run(String id, LocalSupervisor engine) {
            this.id = id;
            this.engine = engine;
        }

        void push() {
            engine.push(id, Optional.empty(), WorkerMessage.of("x")).whenComplete((out, e) -> {
                if (e != null) {
                    refused.incrementAndGet();
                }
            });
        }

        void sample(double t, long now, long stepAt, long stepEnd) {
            var st = engine.status(id).orElseThrow();
            QueueStatus slow = st.queues().stream().filter(q -> q.name().equals("slow")).findFirst().orElseThrow();
            QueueStatus store = st.queues().stream().filter(q -> q.name().equals("store")).findFirst()
                    .orElseThrow();
            long done = store.processed();
            maxInstances = Math.max(maxInstances, slow.instances());
            if (sampleCount++ % 4 == 0) {
                instances.append(instances.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT,
                        "%.0fs=%d", t, slow.instances()));
            }
            if (now >= stepAt && processedAtStep < 0) {
                processedAtStep = done;
            }
            if (now >= stepAt + (stepEnd - stepAt) / 2 && processedAtHalf < 0) {
                processedAtHalf = done;
            }
            if (now >= stepEnd && processedAtStepEnd < 0) {
                processedAtStepEnd = done;
                backlogAtStepEnd = slow.depth();
            }
            if (now >= stepAt && now < stepEnd) {
                if (slow.depth() > TARGET_BACKLOG) {
                    overSinceStep = true;
                    recoveredAt = -1;
                } else if (overSinceStep && recoveredAt < 0) {
                    recoveredAt = (now - stepAt) / 1e9;
                }
            }
            processedAtEnd = done;
        }

        void print(double beforeS, double duringS) {
            String p = "w6." + id;
            Figures.line(p + ".instances", instances.toString());
            Figures.count(p + ".instances.max", maxInstances, "instances");
            if (!overSinceStep) {
                Figures.line(p + ".backlog_recovery", "0 s (never over the target)");
            } else if (recoveredAt < 0) {
                Figures.line(p + ".backlog_recovery", "not within the step");
            } else {
                Figures.figure(p + ".backlog_recovery", recoveredAt, "s");
            }
            Figures.count(p + ".backlog_at_step_end", backlogAtStepEnd, "items");
            Figures.figure(p + ".items_per_second.before", processedAtStep / beforeS, "items/s");
            Figures.figure(p + ".items_per_second.step_second_half",
                    (processedAtStepEnd - processedAtHalf) / (duringS / 2), "items/s");
            Figures.count(p + ".refused", refused.get(), "pushes");
            Figures.count(p + ".handled", processedAtEnd, "items");
        }
    }
}
