package io.botgrid.workers.internal;

import io.botgrid.workers.InstanceStatus;
import io.botgrid.workers.QueueFullException;
import io.botgrid.workers.QueueStatus;
import io.botgrid.workers.WorkerAbortedException;
import io.botgrid.workers.WorkerNotRunningException;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.spi.TerminationReason;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerMessage;
import io.botgrid.telemetry.LogContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A bounded queue and the instances that serve it: a chain stage, the end function, or the mailbox of one standalone
 * or group worker (one instance). Each instance handles one item at a time on the shared pool (a serial executor per
 * instance, not a thread); the engine's bookkeeping is guarded by this cell's monitor, never held while worker code
 * runs.
 *
 * <p>Routing: items with a key go, in a key-ordered cell, to the instance {@code hash(key) mod n} (its own queue), so
 * items of one key are handled in order; other items wait in a shared queue that any idle instance takes from.
 * Backpressure: {@link #forward} from the previous stage is never refused; when the cell is full the producer's
 * instance stays busy until room is made, so a full chain holds back upstream until {@link #offer} at the entry point
 * refuses with {@link QueueFullException}.
 */
final class Cell {
    /** What a cell reports to the run it belongs to. Called without the cell's lock held. */
    interface Owner {
        /** An instance crashed (init or handle threw); the run stops every cell. */
        void crashed(String workerId, Throwable error);

        /** An instance asked to stop ({@code stopSelf}) and finished its message. */
        void endedNormally(String workerId);

        /** An instance finished {@code init}. */
        void ready();

        /** An instance was created (counts towards the run's live instances). */
        void instanceCreated();

        /** An instance was terminated. */
        void instanceTerminated();

        /** The context of a new instance. */
        InstanceContext context(String workerId, Runnable stopSelf);
    }

    private static final int BATCH = 64;

    /** One instance; fields guarded by the cell's monitor except {@code function}, used only by its own serial runs. */
    private final class Slot {
        final String workerId;
        final ArrayDeque<Item> own = new ArrayDeque<>();
        WorkerFunction function;
        boolean busy = true; // initialising
        boolean initialized;
        boolean crashed;
        boolean retiring;
        boolean terminated;
        volatile boolean stopRequested;
        long processed;
        long failed;
        String lastError;
        Span span; // the current item's stage span (chain cells only), used by its own serial runs
        long startedAt;

        Slot(String workerId) {
            this.workerId = workerId;
        }
    }

    private record Waiter(List<Item> items, Runnable onAccepted) {
    }

    private final String specId;
    private final String name;
    private final String workerIdPrefix;
    private final boolean single;
    private final Supplier<WorkerFunction> factory;
    private final Owner owner;
    private final Executor pool;
    private final int capacity;
    private final boolean keyOrdered;
    private final Cell next;
    private final StageTracing tracing;
    private final List<Slot> slots = new ArrayList<>();
    private final ArrayDeque<Item> shared = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int depth;
    private int resizeTo = -1;
    private int nextIndex;
    private boolean stopped;
    private TerminationReason stopReason;
    private long processed;
    private long failed;

    /**
     * @param name queue name in status: stage name, {@code end}, or the worker id of a single worker
     * @param workerIdPrefix worker id of a single worker, or {@code chain/stage} (instances are {@code prefix#n})
     * @param single one instance only, whose worker id is the prefix itself
     * @param next the cell that receives this one's outputs, or null when outputs leave the spec
     * @param tracing the spans and metrics of a chain's stage (and end), or null for other cells
     */
    Cell(String specId, String name, String workerIdPrefix, boolean single, Supplier<WorkerFunction> factory,
         Owner owner, Executor pool, int capacity, boolean keyOrdered, Cell next, StageTracing tracing) {
        this.specId = specId;
        this.name = name;
        this.workerIdPrefix = workerIdPrefix;
        this.single = single;
        this.factory = factory;
        this.owner = owner;
        this.pool = pool;
        this.capacity = capacity;
        this.keyOrdered = keyOrdered;
        this.next = next;
        this.tracing = tracing;
    }

    String name() {
        return name;
    }

    /** Creates and initialises {@code instances} instances. */
    void start(int instances) {
        List<Slot> created = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < instances; i++) {
                created.add(newSlot());
            }
        }
        created.forEach(this::init);
    }

    private Slot newSlot() {
        Slot s = new Slot(single ? workerIdPrefix : workerIdPrefix + "#" + nextIndex++);
        slots.add(s);
        owner.instanceCreated();
        return s;
    }

    private void init(Slot slot) {
        pool.execute(() -> {
            Throwable error = null;
            try {
                WorkerFunction f = factory.get();
                slot.function = f;
                f.init(owner.context(slot.workerId, () -> slot.stopRequested = true));
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                error = e;
            }
            if (error != null) {
                crash(slot, error);
                return;
            }
            List<Runnable> tasks;
            synchronized (this) {
                slot.initialized = true;
                slot.busy = false;
                if (stopped) { // stopped while initialising: terminate now that init is over
                    terminate(slot, stopReason);
                    return;
                }
                tasks = dispatch();
            }
            owner.ready();
            tasks.forEach(Runnable::run);
        });
    }

    /** Whether one more item would be accepted by {@link #offer} now. */
    synchronized boolean hasRoom() {
        return !stopped && depth < capacity;
    }

    /**
     * Enqueues an item from outside the spec.
     *
     * @param force accept even when full (for a broadcast that already checked room in every member)
     * @throws QueueFullException when full; {@link WorkerNotRunningException} when the cell was stopped
     */
    void offer(Item item, boolean force) {
        List<Runnable> tasks;
        synchronized (this) {
            if (stopped) {
                throw new WorkerNotRunningException(specId, WorkerState.RESTARTING, "stopping after " + stopReason.detail());
            }
            if (depth >= capacity && !force) {
                throw new QueueFullException(single ? workerIdPrefix : specId + "/" + name, capacity);
            }
            enqueue(item);
            tasks = dispatch();
        }
        tasks.forEach(Runnable::run);
    }

    /**
     * Enqueues items from the previous stage: at once if there is room (the batch may overshoot the capacity by its
     * size), otherwise later, in arrival order, running {@code onAccepted} then.
     *
     * @return true if accepted now (then {@code onAccepted} is not run)
     */
    boolean forward(List<Item> items, Runnable onAccepted) {
        List<Runnable> tasks;
        synchronized (this) {
            if (stopped) {
                WorkerAbortedException lost = aborted();
                items.forEach(i -> i.trace().fail(lost));
                return true;
            }
            if (depth >= capacity || !waiters.isEmpty()) {
                waiters.add(new Waiter(items, onAccepted));
                return false;
            }
            items.forEach(this::enqueue);
            tasks = dispatch();
        }
        tasks.forEach(Runnable::run);
        return true;
    }

    private void enqueue(Item item) {
        depth++;
        String key = item.message().key();
        if (keyOrdered && key != null) {
            slots.get(Math.floorMod(key.hashCode(), slots.size())).own.add(item);
        } else {
            shared.add(item);
        }
    }

    /** Gives queued items to idle instances; returns the runs to start once the lock is released. */
    private List<Runnable> dispatch() {
        List<Runnable> tasks = new ArrayList<>();
        if (stopped) {
            return tasks;
        }
        if (resizeTo >= 0) {
            if (slots.stream().anyMatch(s -> s.busy)) {
                return tasks;
            }
            applyKeyedResize(tasks);
        }
        for (Slot s : new ArrayList<>(slots)) {
            if (s.retiring && !s.busy) {
                slots.remove(s);
                terminate(s, new TerminationReason(TerminationReason.Kind.STOPPED, "instance count lowered"));
                continue;
            }
            if (s.busy || s.retiring || s.crashed || s.terminated) {
                continue;
            }
            Item item = take(s);
            if (item != null) {
                s.busy = true;
                tasks.add(() -> pool.execute(() -> run(s, item)));
            }
        }
        admitWaiters(tasks);
        return tasks;
    }

    private Item take(Slot s) {
        Item item = s.own.poll();
        if (item == null) {
            item = shared.poll();
        }
        if (item != null) {
            depth--;
        }
        return item;
    }

    private void admitWaiters(List<Runnable> tasks) {
        while (depth < capacity && !waiters.isEmpty()) {
            Waiter w = waiters.poll();
            w.items().forEach(this::enqueue);
            tasks.add(() -> pool.execute(w.onAccepted()));
            for (Slot s : slots) {
                if (!s.busy && !s.retiring && !s.crashed && !s.terminated) {
                    Item item = take(s);
                    if (item != null) {
                        s.busy = true;
                        tasks.add(() -> pool.execute(() -> run(s, item)));
                    }
                }
            }
        }
    }

    /** Runs items on one instance, serially, until its queue is empty, a handle goes async, or the batch is used. */
    private void run(Slot slot, Item first) {
        Item item = first;
        int budget = BATCH;
        while (item != null) {
            CompletableFuture<List<WorkerMessage>> f = invoke(slot, item);
            if (!f.isDone() || --budget == 0) {
                Item current = item;
                f.whenComplete((out, error) -> pool.execute(() -> {
                    Item n = completed(slot, current, out, error);
                    if (n != null) {
                        run(slot, n);
                    }
                }));
                return;
            }
            List<WorkerMessage> out = null;
            Throwable error = null;
            try {
                out = f.join();
            } catch (RuntimeException e) {
                error = e.getCause() != null ? e.getCause() : e;
            }
            item = completed(slot, item, out, error);
        }
    }

    private CompletableFuture<List<WorkerMessage>> invoke(Slot slot, Item item) {
        Scope scope = null;
        String previousTrace = null;
        if (tracing != null) {
            slot.startedAt = tracing.now();
            slot.span = tracing.begin(specId, name, slot.workerId, item, slot.startedAt);
            scope = item.context().with(slot.span).makeCurrent();
            previousTrace = MDC.get(LogContext.TRACE_ID);
            if (slot.span.getSpanContext().isValid()) {
                MDC.put(LogContext.TRACE_ID, slot.span.getSpanContext().getTraceId());
            }
            MDC.put(LogContext.WORKER, slot.workerId);
        }
        try {
            CompletableFuture<List<WorkerMessage>> f = slot.function.handleAsync(item.message()).toCompletableFuture();
            return f;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            if (scope != null) {
                scope.close();
                MDC.remove(LogContext.WORKER);
                if (previousTrace == null) {
                    MDC.remove(LogContext.TRACE_ID);
                } else {
                    MDC.put(LogContext.TRACE_ID, previousTrace);
                }
            }
        }
    }

    /** After one item: route its outputs and return the next item for this instance, or null. */
    private Item completed(Slot slot, Item item, List<WorkerMessage> out, Throwable error) {
        if (error == null && out == null) {
            error = new NullPointerException("handle returned null instead of a list of outputs");
        }
        Context context = item.context();
        long endedAt = 0;
        if (tracing != null && slot.span != null) {
            Span span = slot.span;
            slot.span = null;
            endedAt = tracing.end(specId, name, span, item, slot.startedAt, error);
            context = context.with(span);
        }
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            item.trace().fail(new WorkerAbortedException(slot.workerId, "crashed: " + describe(cause), cause));
            synchronized (this) {
                failed++;
                slot.failed++;
            }
            crash(slot, cause);
            return null;
        }
        synchronized (this) {
            processed++;
            slot.processed++;
        }
        Trace trace = item.trace();
        if (next != null) {
            if (!out.isEmpty()) {
                List<Item> forwarded = new ArrayList<>(out.size());
                for (WorkerMessage m : out) {
                    forwarded.add(new Item(m, trace, context, endedAt));
                }
                trace.fork(out.size());
                trace.done();
                if (!next.forward(forwarded, () -> resume(slot))) {
                    return null; // stays busy until the next stage has room
                }
            } else {
                trace.done();
            }
        } else {
            trace.collect(out);
            trace.done();
        }
        return takeNext(slot);
    }

    private void resume(Slot slot) {
        Item n = takeNext(slot);
        if (n != null) {
            run(slot, n);
        }
    }

    private Item takeNext(Slot slot) {
        if (slot.stopRequested) {
            owner.endedNormally(slot.workerId);
        }
        List<Runnable> tasks;
        synchronized (this) {
            if (!stopped && !slot.retiring && resizeTo < 0 && !slot.stopRequested) {
                Item n = take(slot);
                if (n != null) {
                    if (!waiters.isEmpty()) {
                        List<Runnable> admitted = new ArrayList<>();
                        admitWaiters(admitted);
                        admitted.forEach(Runnable::run); // each only submits to the pool
                    }
                    return n;
                }
            }
            slot.busy = false;
            if (stopped) {
                terminate(slot, stopReason);
                return null;
            }
            tasks = dispatch();
        }
        tasks.forEach(Runnable::run);
        return null;
    }

    private void crash(Slot slot, Throwable error) {
        synchronized (this) {
            slot.crashed = true;
            slot.busy = false;
            slot.lastError = describe(error);
            if (stopped) {
                terminate(slot, new TerminationReason(TerminationReason.Kind.CRASHED, slot.lastError));
            }
        }
        owner.crashed(slot.workerId, error);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /**
     * Stops the cell: queued and waiting items fail, idle instances are terminated now and busy ones when their
     * current item completes (a crashed one with {@link TerminationReason.Kind#CRASHED}).
     */
    void stop(TerminationReason reason) {
        List<Waiter> dropped;
        List<Item> lost = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            stopReason = reason;
            lost.addAll(shared);
            shared.clear();
            for (Slot s : slots) {
                lost.addAll(s.own);
                s.own.clear();
            }
            depth = 0;
            dropped = new ArrayList<>(waiters);
            waiters.clear();
            for (Slot s : slots) {
                if (!s.busy) {
                    terminate(s, s.crashed ? new TerminationReason(TerminationReason.Kind.CRASHED, s.lastError) : reason);
                }
            }
        }
        WorkerAbortedException e = aborted();
        lost.forEach(i -> i.trace().fail(e));
        for (Waiter w : dropped) {
            w.items().forEach(i -> i.trace().fail(e));
            pool.execute(w.onAccepted());
        }
    }

    private WorkerAbortedException aborted() {
        return new WorkerAbortedException(single ? workerIdPrefix : specId + "/" + name,
                "stopped (" + stopReason.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + stopReason.detail()
                        + ")", null);
    }

    /** Terminates an idle instance once (under the lock); the {@code terminate} call itself runs on the pool. */
    private void terminate(Slot slot, TerminationReason reason) {
        if (slot.terminated) {
            return;
        }
        slot.terminated = true;
        boolean call = slot.initialized && slot.function != null;
        WorkerFunction made = slot.function;
        pool.execute(() -> {
            if (call) {
                try {
                    slot.function.terminate(reason);
                } catch (RuntimeException e) {
                    System.getLogger(Cell.class.getName()).log(System.Logger.Level.WARNING,
                            "terminate of worker " + slot.workerId + " threw", e);
                }
            }
            if (made != null) {
                FunctionCatalog.release(made); // a deployed plugin's version may unload once no instance uses it
            }
            owner.instanceTerminated();
        });
    }

    /**
     * Sets the instance count. An unordered cell adds instances at once and retires idle or finishing ones; a
     * key-ordered cell waits until every instance is idle, then re-routes its queued items by the new count.
     */
    void resize(int instances) {
        List<Slot> added = new ArrayList<>();
        List<Runnable> tasks;
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (keyOrdered) {
                resizeTo = instances;
            } else {
                List<Slot> active = slots.stream().filter(s -> !s.retiring).toList();
                for (int i = active.size(); i < instances; i++) {
                    added.add(newSlot());
                }
                int extra = active.size() - instances;
                for (int i = active.size() - 1; i >= 0 && extra > 0; i--, extra--) {
                    active.get(i).retiring = true;
                }
            }
            tasks = dispatch();
        }
        added.forEach(this::init);
        tasks.forEach(Runnable::run);
    }

    private void applyKeyedResize(List<Runnable> tasks) {
        int n = resizeTo;
        resizeTo = -1;
        List<Item> queued = new ArrayList<>();
        for (Slot s : slots) {
            queued.addAll(s.own);
            s.own.clear();
        }
        while (slots.size() > n) {
            Slot s = slots.remove(slots.size() - 1);
            terminate(s, new TerminationReason(TerminationReason.Kind.STOPPED, "instance count lowered"));
        }
        while (slots.size() < n) {
            Slot s = newSlot();
            tasks.add(() -> init(s));
        }
        depth -= queued.size();
        queued.forEach(this::enqueue);
    }

    /** Instances serving the cell now (not counting retiring ones). */
    synchronized int instances() {
        return (int) slots.stream().filter(s -> !s.retiring).count();
    }

    synchronized QueueStatus queueStatus() {
        return new QueueStatus(name, (int) slots.stream().filter(s -> !s.retiring).count(), depth, capacity,
                processed, failed);
    }

    synchronized long processed() {
        return processed;
    }

    synchronized long failed() {
        return failed;
    }

    synchronized List<InstanceStatus> instanceStatus(String node, long incarnation, int restarts) {
        List<InstanceStatus> out = new ArrayList<>();
        for (Slot s : slots) {
            WorkerState st = s.crashed ? WorkerState.FAILED
                    : s.terminated ? WorkerState.STOPPED
                    : s.initialized ? WorkerState.RUNNING : WorkerState.STARTING;
            out.add(new InstanceStatus(s.workerId, node, incarnation, st, restarts, Optional.ofNullable(s.lastError),
                    s.processed, s.failed));
        }
        return out;
    }
}
