package io.botgrid.workers.internal;

import io.botgrid.util.DaemonThreads;
import io.botgrid.util.Scheduler;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.PayloadTooLargeException;
import io.botgrid.workers.UnknownWorkerException;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkerEventListener;
import io.botgrid.workers.WorkerException;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.WorkerStatus;
import io.botgrid.workers.WorkersConfig;
import io.botgrid.workers.WorkersTelemetry;
import io.botgrid.workers.spi.TerminationReason;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's {@link LocalSupervisor}: the specs running on this node by id, one shared pool for all instances, and
 * the listeners. Routing and checks common to every call (payload limit, unknown ids) are here; supervision is in
 * {@link SpecRuntime}, queues and instances in {@link Cell}.
 */
final class NodeSupervisor implements LocalSupervisor {
    private static final System.Logger LOG = System.getLogger(NodeSupervisor.class.getName());
    private final WorkersConfig config;
    private final FunctionCatalog catalog;
    private final ExecutorService pool;
    private final EngineContext env;
    private final Map<String, SpecRuntime> specs = new ConcurrentHashMap<>();
    private final List<WorkerEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    NodeSupervisor(WorkersConfig config, FunctionCatalog catalog, Scheduler scheduler, Clock clock,
                   WorkersTelemetry telemetry) {
        this.config = config;
        this.catalog = catalog;
        this.pool = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.named("botgrid-workers-" + config.nodeName()));
        this.env = new EngineContext(config, pool, scheduler, catalog, clock, this::emit,
                new StageTracing(telemetry.openTelemetry(), telemetry.stages(), clock, config.nodeName()));
    }

    private void emit(WorkerEvent event) {
        for (WorkerEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "worker event listener threw on " + event, e);
            }
        }
    }

    @Override
    public void validate(WorkerSpec spec) {
        catalog.validate(spec);
    }

    @Override
    public synchronized void apply(WorkerSpec spec, long incarnation) {
        ensureOpen();
        validate(spec);
        SpecRuntime current = specs.get(spec.id());
        if (current != null && current.incarnation() == incarnation && current.spec().equals(spec)) {
            return;
        }
        if (current != null) {
            current.stop(new TerminationReason(TerminationReason.Kind.STOPPED,
                    "replaced by incarnation " + incarnation));
        }
        SpecRuntime r = new SpecRuntime(spec, incarnation, env);
        specs.put(spec.id(), r);
        r.start();
    }

    @Override
    public CompletionStage<Boolean> stop(String specId) {
        SpecRuntime r;
        synchronized (this) {
            r = specs.remove(specId);
        }
        if (r == null) {
            return CompletableFuture.completedFuture(false);
        }
        return r.stop(new TerminationReason(TerminationReason.Kind.STOPPED, "spec stopped")).thenApply(v -> true);
    }

    @Override
    public CompletionStage<List<WorkerMessage>> send(String workerId, WorkerMessage message) {
        try {
            checkSize(message);
            int slash = workerId.indexOf('/');
            String specId = slash < 0 ? workerId : workerId.substring(0, slash);
            SpecRuntime r = specs.get(specId);
            if (r == null || (slash < 0) != (r.spec() instanceof io.botgrid.workers.StandaloneSpec)) {
                throw new UnknownWorkerException("worker", workerId);
            }
            return r.send(workerId, message);
        } catch (WorkerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Map<String, List<WorkerMessage>>> broadcast(String groupId, WorkerMessage message) {
        try {
            checkSize(message);
            SpecRuntime r = specs.get(groupId);
            if (r == null || !(r.spec() instanceof GroupSpec)) {
                throw new UnknownWorkerException("group", groupId);
            }
            return r.broadcast(message);
        } catch (WorkerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<List<WorkerMessage>> push(String chainId, Optional<String> stage, WorkerMessage message) {
        try {
            checkSize(message);
            return chain(chainId).push(stage, message);
        } catch (WorkerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void setInstances(String chainId, String stage, int instances) {
        chain(chainId).setInstances(stage, instances);
    }

    private SpecRuntime chain(String chainId) {
        SpecRuntime r = specs.get(chainId);
        if (r == null || !(r.spec() instanceof ChainSpec)) {
            throw new UnknownWorkerException("chain", chainId);
        }
        return r;
    }

    private void checkSize(WorkerMessage message) {
        if (message.weight() > config.maxPayloadBytes()) {
            throw new PayloadTooLargeException(message.weight(), config.maxPayloadBytes());
        }
    }

    @Override
    public List<WorkerStatus> status() {
        List<WorkerStatus> out = new ArrayList<>();
        specs.values().forEach(r -> out.add(r.status()));
        out.sort(java.util.Comparator.comparing(WorkerStatus::id));
        return out;
    }

    @Override
    public Optional<WorkerStatus> status(String specId) {
        return Optional.ofNullable(specs.get(specId)).map(SpecRuntime::status);
    }

    @Override
    public Set<String> functions() {
        return catalog.names();
    }

    @Override
    public AutoCloseable subscribe(WorkerEventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the workers engine of " + config.nodeName() + " is closed");
        }
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (SpecRuntime r : specs.values()) {
                stops.add(r.stop(new TerminationReason(TerminationReason.Kind.SHUTDOWN, "node shutting down")));
            }
            specs.clear();
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "workers did not all terminate within 10 s; stopping the pool");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "a worker stop failed", e);
        }
        pool.shutdownNow();
    }
}
