package io.botgrid.workers.autoscale;

import io.botgrid.telemetry.Events;
import io.botgrid.telemetry.WorkerMetrics;
import io.botgrid.util.Scheduler;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.QueueStatus;
import io.botgrid.workers.WorkerException;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.WorkerStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Scales the chain stages that run on this node and have an {@link io.botgrid.workers.AutoscalePolicy}: every
 * {@code interval} (on the node's {@link Scheduler}, so tests drive it by hand) it reads each stage's backlog and
 * throughput from the engine's status and its latency from the stage spans gathered by {@link StageLatencies}, applies
 * {@link ScalingRule}, and sets the instance count through {@link LocalSupervisor#setInstances}. A chain runs whole on
 * the node its placement chose, so its stages' instances are placed there too (the worker placement rules).
 *
 * <p>Every decision is an event ({@code autoscaler.decision}), a metric ({@code botgrid_autoscaler_decisions_total},
 * {@code botgrid_autoscaler_desired_instances}) and a log line with its inputs and reason; the last
 * {@value #KEPT} per stage are kept for the status API ({@link #decisions}). Each tick also emits a
 * {@code chain.backlog} sample per chain stage. A policy change arrives with the spec: the next tick reads it.
 */
public final class Autoscaler implements AutoCloseable {
    /** Decisions kept per stage for the status API. */
    public static final int KEPT = 10;
    /** Where the node keeps its autoscaler in Ignite's node-local map, for the status job. */
    public static final String NODE_LOCAL_KEY = "botgrid-autoscaler";
    private static final System.Logger LOG = System.getLogger(Autoscaler.class.getName());

    private record Key(String chain, String stage) {
    }

    /** What the autoscaler keeps per stage between ticks; guarded by the autoscaler. */
    private static final class StageState {
        final long incarnation;
        final ScalingRule.Memory memory = new ScalingRule.Memory();
        long lastTickNanos;
        long lastProcessed;
        int lastBacklog;
        boolean seen;

        StageState(long incarnation) {
            this.incarnation = incarnation;
        }
    }

    private final LocalSupervisor workers;
    private final StageLatencies latencies;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Duration interval;
    private final Events events;
    private final WorkerMetrics metrics;
    private final Map<Key, StageState> states = new HashMap<>();
    private final Map<Key, ArrayDeque<ScalingDecision>> history = new LinkedHashMap<>();
    private Scheduler.Cancellable next;
    private boolean closed;

    private Autoscaler(LocalSupervisor workers, StageLatencies latencies, Scheduler scheduler, Clock clock,
                       Duration interval, Events events, WorkerMetrics metrics) {
        this.workers = Objects.requireNonNull(workers, "workers");
        this.latencies = Objects.requireNonNull(latencies, "latencies");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.events = Objects.requireNonNull(events, "events");
        this.metrics = metrics;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("autoscaler interval must be positive, got " + interval);
        }
    }

    /**
     * Starts ticking every {@code interval} on {@code scheduler}.
     *
     * @param metrics where decisions are counted; null for none
     */
    public static Autoscaler start(LocalSupervisor workers, StageLatencies latencies, Scheduler scheduler, Clock clock,
                                   Duration interval, Events events, WorkerMetrics metrics) {
        Autoscaler a = new Autoscaler(workers, latencies, scheduler, clock, interval, events, metrics);
        a.schedule();
        return a;
    }

    private synchronized void schedule() {
        if (!closed) {
            next = scheduler.schedule(interval, this::tickAndReschedule);
        }
    }

    private void tickAndReschedule() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "autoscaler tick failed", e);
        }
        schedule();
    }

    /** One look at every autoscaled stage (what the schedule runs; public for tests that tick by hand). */
    public synchronized void tick() {
        if (closed) {
            return;
        }
        long now = scheduler.ticker().nanoTime();
        Set<Key> live = new HashSet<>();
        for (WorkerStatus st : workers.status()) {
            if (!(st.spec() instanceof ChainSpec chain)) {
                continue;
            }
            Map<String, QueueStatus> queues = new HashMap<>();
            st.queues().forEach(q -> queues.put(q.name(), q));
            for (ChainSpec.Stage stage : chain.stages()) {
                QueueStatus q = queues.get(stage.name());
                if (q == null) {
                    continue;
                }
                events.emit("chain.backlog", Map.of("backlog", (double) q.depth(), "instances",
                        (double) q.instances()), Map.of("chain", chain.id(), "stage", stage.name()));
                if (stage.autoscale().isEmpty() || st.state() != WorkerState.RUNNING) {
                    continue;
                }
                Key key = new Key(chain.id(), stage.name());
                live.add(key);
                StageState s = states.get(key);
                if (s == null || s.incarnation != st.incarnation()) {
                    s = new StageState(st.incarnation());
                    states.put(key, s);
                }
                step(chain, stage, q, s, now);
            }
        }
        states.keySet().retainAll(live);
        Set<String> chains = new HashSet<>();
        live.forEach(k -> chains.add(k.chain()));
        history.keySet().removeIf(k -> !chains.contains(k.chain()));
    }

    private void step(ChainSpec chain, ChainSpec.Stage stage, QueueStatus q, StageState s, long now) {
        StageLatencies.Window w = latencies.take(chain.id(), stage.name());
        if (!s.seen) { // the first look only sets the baseline of the rates
            s.seen = true;
            s.lastTickNanos = now;
            s.lastProcessed = q.processed();
            s.lastBacklog = q.depth();
            return;
        }
        double seconds = Math.max(1e-9, (now - s.lastTickNanos) / 1e9);
        long processed = q.processed() >= s.lastProcessed ? q.processed() - s.lastProcessed : q.processed();
        StageSignals signals = new StageSignals(q.instances(), q.depth(), (q.depth() - s.lastBacklog) / seconds,
                processed / seconds, w.meanHandlingNanos(), w.meanLatencyNanos(), w.items());
        s.lastTickNanos = now;
        s.lastProcessed = q.processed();
        s.lastBacklog = q.depth();
        Optional<ScalingRule.Result> r = ScalingRule.decide(stage.autoscale().get(), stage.minInstances(),
                stage.maxInstances(), q.instances(), signals, s.memory, now);
        if (r.isEmpty()) {
            return;
        }
        ScalingRule.Result res = r.get();
        ScalingDecision d = new ScalingDecision(chain.id(), stage.name(), clock.instant(), res.action(),
                q.instances(), res.to(), res.needed(), res.reason(), signals);
        if (res.to() != q.instances()) {
            try {
                workers.setInstances(chain.id(), stage.name(), res.to());
            } catch (WorkerException e) {
                LOG.log(System.Logger.Level.WARNING, "autoscaler could not set " + chain.id() + "/" + stage.name()
                        + " to " + res.to() + ": " + e.getMessage());
                return;
            }
        }
        report(d);
    }

    private void report(ScalingDecision d) {
        history.computeIfAbsent(new Key(d.chain(), d.stage()), k -> new ArrayDeque<>()).addLast(d);
        ArrayDeque<ScalingDecision> h = history.get(new Key(d.chain(), d.stage()));
        while (h.size() > KEPT) {
            h.removeFirst();
        }
        if (metrics != null) {
            metrics.decision(d.chain(), d.stage(), d.action().label(), d.to());
        }
        StageSignals s = d.signals();
        Map<String, Double> measurements = new LinkedHashMap<>();
        measurements.put("from", (double) d.from());
        measurements.put("to", (double) d.to());
        measurements.put("needed", (double) d.needed());
        measurements.put("backlog", (double) s.backlog());
        measurements.put("throughput_per_second", s.throughputPerSecond());
        measurements.put("latency_ms", s.meanLatencyNanos() / 1e6);
        measurements.put("handling_ms", s.meanHandlingNanos() / 1e6);
        events.emit("autoscaler.decision", measurements, Map.of("chain", d.chain(), "stage", d.stage(), "action",
                d.action().label(), "reason", d.reason()));
        LOG.log(System.Logger.Level.INFO, "autoscaler: " + d.describe());
    }

    /** The last decisions (oldest first, at most {@value #KEPT} per stage) for the stages of {@code chain} here. */
    public synchronized List<ScalingDecision> decisions(String chain) {
        List<ScalingDecision> out = new ArrayList<>();
        history.forEach((k, v) -> {
            if (k.chain().equals(chain)) {
                out.addAll(v);
            }
        });
        return out;
    }

    /** Stops ticking. */
    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel();
        }
    }
}
