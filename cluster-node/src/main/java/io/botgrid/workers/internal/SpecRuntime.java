package io.botgrid.workers.internal;

import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.InstanceStatus;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.QueueStatus;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.UnknownWorkerException;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkerNotRunningException;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.WorkerStatus;
import io.botgrid.workers.spi.TerminationReason;
import io.botgrid.workers.spi.WorkerMessage;
import io.botgrid.util.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One spec incarnation on this node and its supervisor: builds a <em>run</em> (the cells of the spec: one per
 * standalone or group worker, one per chain stage plus the end), and when any instance of the run crashes or ends,
 * stops the whole run, then restarts it after the policy's backoff, or marks the spec failed or stopped.
 *
 * <p>Why one shape for all three kinds: a standalone worker is a group of one, and a chain is a group whose members
 * pass items along; "a crash of one stops all, then restart by policy" is the same rule for each, so it is written
 * once here, and the kinds differ only in how cells are built and addressed.
 */
final class SpecRuntime {
    private final WorkerSpec spec;
    private final long incarnation;
    private final EngineContext env;
    private final RestartBudget budget;
    private final Map<String, Integer> stageInstances = new HashMap<>();
    // guarded by this
    private WorkerState state = WorkerState.STARTING;
    private int restarts;
    private String lastError;
    private Run run;
    private Scheduler.Cancellable pendingRestart;
    private boolean removed;
    private long processedBefore;
    private long failedBefore;

    SpecRuntime(WorkerSpec spec, long incarnation, EngineContext env) {
        this.spec = spec;
        this.incarnation = incarnation;
        this.env = env;
        this.budget = new RestartBudget(spec.restart(), env.scheduler().ticker());
        if (spec instanceof ChainSpec c) {
            c.stages().forEach(s -> stageInstances.put(s.name(), s.minInstances()));
        }
    }

    WorkerSpec spec() {
        return spec;
    }

    long incarnation() {
        return incarnation;
    }

    synchronized void start() {
        run = new Run();
        run.build();
    }

    /** One generation of the spec's instances. */
    private final class Run implements Cell.Owner {
        final Map<String, Cell> workers = new LinkedHashMap<>(); // standalone and group: by worker id
        final Map<String, Cell> stages = new LinkedHashMap<>(); // chain: by stage name, plus "end"
        final List<Cell> cells = new ArrayList<>();
        final AtomicInteger live = new AtomicInteger();
        final AtomicInteger notReady = new AtomicInteger();
        final CompletableFuture<Void> terminated = new CompletableFuture<>();
        volatile boolean ending;
        final int generation = restarts;

        void build() {
            int mailbox = env.config().mailboxCapacity();
            if (spec instanceof StandaloneSpec s) {
                workers.put(s.id(), cell(s.id(), s.id(), true, s.function(), mailbox, false, null));
            } else if (spec instanceof GroupSpec g) {
                for (GroupSpec.Member m : g.members()) {
                    String wid = g.workerId(m.id());
                    workers.put(wid, cell(wid, wid, true, m.function(), mailbox, false, null));
                }
            } else {
                ChainSpec ch = (ChainSpec) spec;
                Cell next = null;
                Cell end = null;
                if (ch.end().isPresent()) {
                    end = cell("end", ch.id() + "/end", true, ch.end().get(), ChainSpec.DEFAULT_QUEUE_CAPACITY,
                            false, null);
                    next = end;
                }
                List<ChainSpec.Stage> list = ch.stages();
                Map<String, Cell> built = new HashMap<>();
                for (int i = list.size() - 1; i >= 0; i--) {
                    ChainSpec.Stage st = list.get(i);
                    next = cell(st.name(), ch.id() + "/" + st.name(), false, st.function(), st.queueCapacity(),
                            st.keyOrdered(), next);
                    built.put(st.name(), next);
                }
                list.forEach(st -> stages.put(st.name(), built.get(st.name())));
                if (end != null) {
                    stages.put("end", end);
                }
            }
            cells.clear();
            cells.addAll(workers.values());
            cells.addAll(stages.values());
            // count every instance as not ready before any init can finish
            for (Cell c : cells) {
                notReady.addAndGet(instancesOf(c));
            }
            for (Cell c : cells) {
                c.start(instancesOf(c));
            }
        }

        private int instancesOf(Cell c) {
            return stageInstances.getOrDefault(c.name(), 1);
        }

        private Cell cell(String name, String prefix, boolean single, FunctionRef fn, int capacity, boolean keyed,
                          Cell next) {
            String function = fn.function();
            Map<String, String> settings = fn.settings();
            return new Cell(spec.id(), name, prefix, single, () -> env.catalog().create(function, settings), this,
                    env.pool(), capacity, keyed, next, spec instanceof ChainSpec ? env.stageTracing() : null);
        }

        @Override
        public void crashed(String workerId, Throwable error) {
            onEnd(this, workerId, true, Cell.describe(error));
        }

        @Override
        public void endedNormally(String workerId) {
            onEnd(this, workerId, false, workerId + " stopped normally");
        }

        @Override
        public void ready() {
            if (notReady.decrementAndGet() == 0) {
                onReady(this);
            }
        }

        @Override
        public void instanceCreated() {
            live.incrementAndGet();
        }

        @Override
        public void instanceTerminated() {
            if (live.decrementAndGet() == 0 && ending) {
                terminated.complete(null);
            }
        }

        @Override
        public InstanceContext context(String workerId, Runnable stopSelf) {
            return new InstanceContext(workerId, spec.id(), incarnation, generation, env.config().nodeName(),
                    env.scheduler(), stopSelf);
        }

        /** Stops every cell; the crashed worker (if any) is told it crashed, the others why they stop. */
        void stopAll(TerminationReason reason) {
            ending = true;
            for (Cell c : new ArrayList<>(cells)) {
                c.stop(reason);
            }
            if (live.get() == 0) {
                terminated.complete(null);
            }
        }
    }

    private synchronized void onReady(Run r) {
        if (r == run && !r.ending && state == WorkerState.STARTING) {
            state = WorkerState.RUNNING;
            env.emit(new WorkerEvent.Started(spec.id(), env.config().nodeName(), incarnation, restarts, env.now()));
        }
    }

    private synchronized void onEnd(Run r, String workerId, boolean crashed, String detail) {
        if (r != run || r.ending || removed) {
            return;
        }
        String node = env.config().nodeName();
        lastError = crashed ? workerId + " crashed: " + detail : detail;
        if (crashed) {
            env.emit(new WorkerEvent.Crashed(spec.id(), node, incarnation, workerId, detail, env.now()));
        }
        r.stopAll(new TerminationReason(TerminationReason.Kind.SIBLING_ENDED,
                crashed ? workerId + " crashed: " + detail : detail));
        accumulate(r);
        if (!spec.restart().restarts(crashed)) {
            if (crashed) {
                state = WorkerState.FAILED;
                lastError = lastError + " (strategy temporary: not restarted)";
                env.emit(new WorkerEvent.Failed(spec.id(), node, incarnation, lastError, env.now()));
            } else {
                state = WorkerState.STOPPED;
                env.emit(new WorkerEvent.Stopped(spec.id(), node, incarnation, detail, env.now()));
            }
            return;
        }
        Optional<Duration> backoff = budget.next();
        if (backoff.isEmpty()) {
            state = WorkerState.FAILED;
            lastError = "more than " + spec.restart().maxRestarts() + " restarts in " + spec.restart().within().toMillis()
                    + " ms; last: " + lastError;
            env.emit(new WorkerEvent.Failed(spec.id(), node, incarnation, lastError, env.now()));
            return;
        }
        state = WorkerState.RESTARTING;
        restarts++;
        env.emit(new WorkerEvent.Restarting(spec.id(), node, incarnation, restarts, backoff.get().toMillis(),
                env.now()));
        Duration delay = backoff.get();
        r.terminated.thenRun(() -> scheduleRestart(r, delay));
    }

    private synchronized void scheduleRestart(Run r, Duration delay) {
        if (r != run || removed || state != WorkerState.RESTARTING) {
            return;
        }
        pendingRestart = env.scheduler().schedule(delay, () -> env.pool().execute(() -> restart(r)));
    }

    private synchronized void restart(Run previous) {
        if (previous != run || removed || state != WorkerState.RESTARTING) {
            return;
        }
        pendingRestart = null;
        state = WorkerState.STARTING;
        run = new Run();
        run.build();
    }

    private void accumulate(Run r) {
        for (Cell c : r.cells) {
            processedBefore += c.processed();
            failedBefore += c.failed();
        }
    }

    /** Stops the spec for good; completes when its instances have terminated. */
    CompletableFuture<Void> stop(TerminationReason reason) {
        Run r;
        synchronized (this) {
            if (removed) {
                return run == null ? CompletableFuture.completedFuture(null) : run.terminated.copy();
            }
            removed = true;
            if (pendingRestart != null) {
                pendingRestart.cancel();
            }
            r = run;
            boolean wasLive = !r.ending;
            if (wasLive) {
                r.stopAll(reason);
                accumulate(r);
            }
            if (state != WorkerState.FAILED) {
                state = WorkerState.STOPPED;
            }
            env.emit(new WorkerEvent.Stopped(spec.id(), env.config().nodeName(), incarnation,
                    reason.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + reason.detail(), env.now()));
        }
        return r.terminated.copy();
    }

    /** The running cell of a worker id or stage, after checking the spec takes messages. */
    private synchronized Cell target(String what, String name, boolean stage) {
        if (state != WorkerState.RUNNING && state != WorkerState.STARTING) {
            throw new WorkerNotRunningException(spec.id(), state, lastError);
        }
        Cell c = stage ? run.stages.get(name) : run.workers.get(name);
        if (c == null) {
            throw new UnknownWorkerException(what, name);
        }
        return c;
    }

    CompletableFuture<List<WorkerMessage>> send(String workerId, WorkerMessage message) {
        if (spec instanceof ChainSpec) {
            throw new UnknownWorkerException("worker", workerId + " (chains take push, not send)");
        }
        Cell c = target("worker", workerId, false);
        Trace t = new Trace();
        c.offer(new Item(message, t), false);
        return t.result();
    }

    CompletableFuture<Map<String, List<WorkerMessage>>> broadcast(WorkerMessage message) {
        Map<String, Cell> members;
        synchronized (this) {
            if (state != WorkerState.RUNNING && state != WorkerState.STARTING) {
                throw new WorkerNotRunningException(spec.id(), state, lastError);
            }
            members = new LinkedHashMap<>(run.workers);
            for (Map.Entry<String, Cell> m : members.entrySet()) {
                if (!m.getValue().hasRoom()) {
                    throw new io.botgrid.workers.QueueFullException(m.getKey(), env.config().mailboxCapacity());
                }
            }
            Map<String, CompletableFuture<List<WorkerMessage>>> results = new LinkedHashMap<>();
            for (Map.Entry<String, Cell> m : members.entrySet()) {
                Trace t = new Trace();
                m.getValue().offer(new Item(message, t), true);
                results.put(m.getKey(), t.result());
            }
            return CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<String, List<WorkerMessage>> out = new LinkedHashMap<>();
                results.forEach((k, f) -> out.put(k, f.join()));
                return out;
            });
        }
    }

    CompletableFuture<List<WorkerMessage>> push(Optional<String> stage, WorkerMessage message) {
        ChainSpec chain = (ChainSpec) spec;
        String name = stage.orElse(chain.stages().get(0).name());
        if (chain.stageIndex(name).isEmpty()) {
            throw new UnknownWorkerException("stage", spec.id() + "/" + name);
        }
        Cell c = target("stage", name, true);
        Trace t = new Trace();
        c.offer(new Item(message, t, io.opentelemetry.context.Context.current(), env.stageTracing().now()), false);
        return t.result();
    }

    void setInstances(String stage, int instances) {
        ChainSpec chain = (ChainSpec) spec;
        ChainSpec.Stage st = chain.stageIndex(stage).map(i -> chain.stages().get(i))
                .orElseThrow(() -> new UnknownWorkerException("stage", spec.id() + "/" + stage));
        if (instances < st.minInstances() || instances > st.maxInstances()) {
            throw new InvalidWorkerSpecException("instances", "stage " + spec.id() + "/" + stage + " runs between "
                    + st.minInstances() + " and " + st.maxInstances() + " instances, got " + instances);
        }
        Cell c;
        synchronized (this) {
            stageInstances.put(stage, instances);
            c = run.ending ? null : run.stages.get(stage);
        }
        if (c != null) {
            c.resize(instances);
        }
    }

    synchronized WorkerStatus status() {
        String node = env.config().nodeName();
        List<InstanceStatus> instances = new ArrayList<>();
        List<QueueStatus> queues = new ArrayList<>();
        long processed = processedBefore;
        long failed = failedBefore;
        boolean live = !run.ending;
        for (Cell c : run.cells) {
            if (live) {
                instances.addAll(c.instanceStatus(node, incarnation, restarts));
                processed += c.processed();
                failed += c.failed();
            }
            queues.add(live ? c.queueStatus() : new QueueStatus(c.name(), 0, 0, c.queueStatus().capacity(), 0, 0));
        }
        return new WorkerStatus(spec, node, incarnation, state, restarts, Optional.ofNullable(lastError), instances,
                queues, processed, failed);
    }

    synchronized WorkerState state() {
        return state;
    }
}
