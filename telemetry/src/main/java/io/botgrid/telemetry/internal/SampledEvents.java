package io.botgrid.telemetry.internal;

import io.botgrid.telemetry.Event;
import io.botgrid.telemetry.EventPolicy;
import io.botgrid.telemetry.Events;
import io.botgrid.telemetry.EventsConfig;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded buffer of {@link Events}: sampling per name, folding by de-duplication key within a window, and
 * publishing in batches to subscribers.
 *
 * <p>{@link #emit} takes no lock beyond one bin of a {@link ConcurrentHashMap} and never waits for the flusher. The
 * flusher ({@link #flushDue}) runs every {@code flushInterval} and as soon as {@code flushEvery} events are ready; it
 * is a plain method so that tests drive it with an injected clock. Memory is bounded by {@code capacity} held events
 * (checked before insertion; concurrent emitters may overshoot by at most one each) and {@code maxNames} names.
 */
public final class SampledEvents implements Events.Running {
    private static final Logger LOG = LoggerFactory.getLogger(SampledEvents.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
    private static final String OVERFLOW_NAME = "other";

    private final EventsConfig config;
    private final Clock clock;
    private final Counter emitted;
    private final Counter dropped;
    private final Counter published;
    private final Map<String, NameState> names = new ConcurrentHashMap<>();
    private final NameState overflow;
    private final Map<Object, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private final List<Events.EventSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Object flushLock = new Object();
    private final ScheduledExecutorService flusher;
    private volatile boolean closed;

    /** Events driven by the caller: nothing flushes unless {@link #flushDue} or {@link #close} is called. */
    public SampledEvents(EventsConfig config, Clock clock, PrometheusRegistry registry) {
        this(config, clock, registry, null);
    }

    private SampledEvents(EventsConfig config, Clock clock, PrometheusRegistry registry,
                          ScheduledExecutorService flusher) {
        this.config = config;
        this.clock = clock;
        this.flusher = flusher;
        emitted = Counter.builder().name("botgrid_events_total")
                .help("Sampled-event occurrences emitted, before sampling and de-duplication").labelNames("event")
                .register(registry);
        dropped = Counter.builder().name("botgrid_events_dropped_total")
                .help("Sampled-event occurrences dropped because the buffer was full or the name unknown")
                .labelNames("event").register(registry);
        published = Counter.builder().name("botgrid_events_published_total")
                .help("Sampled events published to subscribers, after sampling and de-duplication")
                .labelNames("event").register(registry);
        overflow = new NameState(OVERFLOW_NAME, EventPolicy.EVERY);
        for (String name : new java.util.TreeSet<>(config.policies().keySet())) {
            if (names.size() < config.maxNames()) {
                names.put(name, new NameState(name, config.policy(name))); // series from the start, at zero
            }
        }
    }

    /** Events flushed by a daemon thread of their own. */
    public static SampledEvents start(EventsConfig config, Clock clock, PrometheusRegistry registry,
                                      String threadName) {
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        SampledEvents events = new SampledEvents(config, clock, registry, flusher);
        long every = config.flushInterval().toMillis();
        flusher.scheduleWithFixedDelay(events::flushQuietly, every, every, TimeUnit.MILLISECONDS);
        return events;
    }

    @Override
    public void emit(String name, Map<String, Double> measurements, Map<String, String> metadata) {
        NameState s = state(name);
        s.emitted.inc();
        if (closed || s == overflow) {
            s.dropped.inc();
            return;
        }
        if (!s.sampleIn()) {
            return;
        }
        long now = clock.millis();
        EventPolicy policy = s.policy;
        Object key = policy.folds() ? s.foldKey(metadata) : new Object();
        int[] outcome = new int[1]; // 0 dropped, 1 folded, 2 added
        pending.compute(key, (k, p) -> {
            if (p != null) {
                p.add(measurements, now);
                outcome[0] = 1;
                return p;
            }
            if (held.get() >= config.capacity()) {
                return null;
            }
            held.incrementAndGet();
            outcome[0] = 2;
            return new Pending(s, measurements, metadata, now, sequence.incrementAndGet());
        });
        if (outcome[0] == 0) {
            s.dropped.inc();
            return;
        }
        if (outcome[0] == 2 && !policy.folds() && ready.incrementAndGet() >= config.flushEvery()) {
            requestFlush();
        }
    }

    private NameState state(String name) {
        NameState s = names.get(name);
        if (s != null) {
            return s;
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("event name must match " + NAME.pattern() + ", got " + name);
        }
        if (names.size() >= config.maxNames()) {
            return overflow;
        }
        return names.computeIfAbsent(name, n -> new NameState(n, config.policy(n)));
    }

    private void requestFlush() {
        if (flusher != null && flushRequested.compareAndSet(false, true)) {
            try {
                flusher.execute(this::flushQuietly);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushRequested.set(false); // closing: close() publishes what is held
            }
        }
    }

    private void flushQuietly() {
        flushRequested.set(false);
        try {
            flushDue();
        } catch (RuntimeException e) {
            LOG.warn("Publishing sampled events failed", e);
        }
    }

    /** Publishes the events that are due (not folding, or whose window has ended); returns how many. */
    public int flushDue() {
        return flush(false);
    }

    private int flush(boolean all) {
        synchronized (flushLock) {
            long now = clock.millis();
            List<Pending> due = new ArrayList<>();
            for (Map.Entry<Object, Pending> e : pending.entrySet()) {
                Pending p = e.getValue();
                if (all || !p.state.policy.folds() || now - p.firstMillis >= p.state.policy.dedupWindow().toMillis()) {
                    if (pending.remove(e.getKey(), p)) {
                        due.add(p);
                    }
                }
            }
            if (due.isEmpty()) {
                return 0;
            }
            held.addAndGet(-due.size());
            List<Event> batch = new ArrayList<>(due.size());
            int readyTaken = 0;
            due.sort(Comparator.comparingLong(p -> p.order)); // in the order of their first occurrence
            for (Pending p : due) {
                if (!p.state.policy.folds()) {
                    readyTaken++;
                }
                p.state.published.inc();
                batch.add(p.toEvent());
            }
            ready.addAndGet(-readyTaken);
            List<Event> view = List.copyOf(batch);
            for (Events.EventSubscriber s : subscribers) {
                try {
                    s.onEvents(view);
                } catch (RuntimeException e) {
                    LOG.warn("An event subscriber failed on a batch of {} events", view.size(), e);
                }
            }
            return view.size();
        }
    }

    @Override
    public AutoCloseable subscribe(Events.EventSubscriber subscriber) {
        subscribers.add(java.util.Objects.requireNonNull(subscriber, "subscriber"));
        return () -> subscribers.remove(subscriber);
    }

    /** Events held and not yet published (a gauge for tests and the autoscaler). */
    public int held() {
        return held.get();
    }

    /** Stops taking events, publishes everything held (windows or not) and stops the flusher. */
    @Override
    public void close() {
        closed = true;
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush(true);
    }

    /** Per-name policy, sampling position and counters (bound once, so emit does no label lookup). */
    private final class NameState {
        final EventPolicy policy;
        final CounterDataPoint emitted;
        final CounterDataPoint dropped;
        final CounterDataPoint published;
        final String name;
        private final AtomicLong seen = new AtomicLong();
        private final long keepEvery;

        NameState(String name, EventPolicy policy) {
            this.name = name;
            this.policy = policy;
            this.emitted = SampledEvents.this.emitted.labelValues(name);
            this.dropped = SampledEvents.this.dropped.labelValues(name);
            this.published = SampledEvents.this.published.labelValues(name);
            this.keepEvery = Math.max(1, Math.round(1.0 / policy.sampleRate()));
        }

        /** Deterministic: keeps the 1st, then every {@code 1/rate}-th occurrence. */
        boolean sampleIn() {
            return keepEvery == 1 || (seen.getAndIncrement() % keepEvery) == 0;
        }

        Object foldKey(Map<String, String> metadata) {
            List<String> keys = policy.dedupKeys();
            List<String> values = new ArrayList<>(keys.size() + 1);
            values.add(name);
            for (String k : keys) {
                values.add(metadata.get(k));
            }
            return values;
        }
    }

    /** An event being held: the first occurrence's metadata, the running count and sums. */
    private static final class Pending {
        final NameState state;
        final Map<String, String> metadata;
        final Map<String, Double> sums;
        final long firstMillis;
        final long order;
        long lastMillis;
        long count;

        Pending(NameState state, Map<String, Double> measurements, Map<String, String> metadata, long now,
                long order) {
            this.state = state;
            this.order = order;
            this.metadata = metadata;
            this.sums = new HashMap<>(measurements);
            this.firstMillis = now;
            this.lastMillis = now;
            this.count = 1;
        }

        /** Called under the map's bin lock, like the removal that publishes it. */
        void add(Map<String, Double> measurements, long now) {
            count++;
            lastMillis = Math.max(lastMillis, now);
            measurements.forEach((k, v) -> sums.merge(k, v, Double::sum));
        }

        Event toEvent() {
            return new Event(state.name, sums, metadata, count, firstMillis, lastMillis);
        }
    }
}
