package io.botgrid.node.internal;

import io.botgrid.telemetry.EventPolicy;
import io.botgrid.telemetry.Events;
import io.botgrid.telemetry.EventsConfig;
import io.botgrid.telemetry.HealthChecks;
import io.botgrid.telemetry.HealthReport;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.ignite.Ignite;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the node from outside its components: re-evaluates readiness every second (and on demand) so that the
 * gRPC health service follows it, emits {@code partitions.lost} when the node starts holding lost partitions, and
 * {@code node.joined} / {@code node.left} for membership changes.
 *
 * <p>Why poll readiness: Ignite signals lost partitions only through events a node must opt into, and readiness is a
 * handful of cheap reads; a one-second follower keeps the gRPC health within a second of {@code /health/ready}
 * without wiring each condition's source.
 */
public final class NodeObserver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeObserver.class);
    private static final int[] MEMBERSHIP = {EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT,
            EventType.EVT_NODE_FAILED};

    private final String nodeName;
    private final HealthChecks health;
    private final Events events;
    private final Consumer<Boolean> serving;
    private final ScheduledExecutorService scheduler;
    private volatile Boolean lastReady;
    private volatile boolean lastLost;
    private volatile Ignite ignite;
    private volatile IgnitePredicate<DiscoveryEvent> listener;

    /**
     * @param serving told the readiness each time it is evaluated (the gRPC front's health)
     */
    public NodeObserver(String nodeName, HealthChecks health, Events events, Consumer<Boolean> serving) {
        this.nodeName = nodeName;
        this.health = health;
        this.events = events;
        this.serving = Objects.requireNonNull(serving, "serving");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "botgrid-readiness-" + nodeName);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::evaluateQuietly, 1, 1, TimeUnit.SECONDS);
    }

    /** The event policies of the node's own events: repeats fold per node and reason within a few seconds. */
    public static EventsConfig eventsConfig() {
        Duration w = Duration.ofSeconds(5);
        return EventsConfig.defaults()
                .withPolicy("actor.activated", EventPolicy.dedup(w, "type"))
                .withPolicy("actor.passivated", EventPolicy.dedup(w, "type", "reason"))
                .withPolicy("node.joined", EventPolicy.dedup(Duration.ofSeconds(1), "node"))
                .withPolicy("node.left", EventPolicy.dedup(Duration.ofSeconds(1), "node", "how"))
                .withPolicy("partitions.lost", EventPolicy.dedup(w, "node"))
                .withPolicy("delivery.failed", EventPolicy.dedup(w, "platform", "reason"))
                .withPolicy("handler.error", EventPolicy.dedup(w, "handler", "reason"))
                .withPolicy("llm.over_budget", EventPolicy.dedup(w, "budget"))
                .withPolicy("llm.failed", EventPolicy.dedup(w, "reason"))
                .withPolicy("worker.started", EventPolicy.dedup(w, "spec"))
                .withPolicy("worker.crashed", EventPolicy.dedup(w, "spec"))
                .withPolicy("worker.restarting", EventPolicy.dedup(w, "spec"))
                .withPolicy("worker.stopped", EventPolicy.dedup(w, "spec"))
                .withPolicy("chain.backlog", EventPolicy.dedup(Duration.ofSeconds(10), "chain", "stage"));
    }

    /** Starts emitting membership events of {@code ignite}'s cluster. */
    public void watch(Ignite value) {
        ignite = value;
        IgnitePredicate<DiscoveryEvent> l = e -> {
            String node = String.valueOf(e.eventNode().consistentId());
            if (e.type() == EventType.EVT_NODE_JOINED) {
                events.emit("node.joined", Map.of("node", node, "observer", nodeName));
            } else {
                events.emit("node.left", Map.of("node", node, "observer", nodeName,
                        "how", e.type() == EventType.EVT_NODE_FAILED ? "failed" : "left"));
            }
            scheduler.execute(this::evaluateQuietly);
            return true;
        };
        listener = l;
        value.events().localListen(l, MEMBERSHIP);
    }

    /** Evaluates readiness now (on the observer's thread) and updates the gRPC health. */
    public void evaluateSoon() {
        try {
            scheduler.execute(this::evaluateQuietly);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    /** Evaluates readiness on the caller's thread and updates the gRPC health. */
    public void evaluateNow() {
        evaluateQuietly();
    }

    private synchronized void evaluateQuietly() {
        try {
            HealthReport r = health.ready();
            boolean ready = r.healthy();
            if (lastReady == null || lastReady != ready) {
                LOG.info("Node {} is {}{}", nodeName, ready ? "ready" : "not ready",
                        ready ? "" : ": " + String.join("; ", r.failures()));
            }
            lastReady = ready;
            serving.accept(ready);
            boolean lost = r.checks().stream().anyMatch(c -> c.name().equals("no-lost-partitions") && !c.ok()
                    && c.reason().startsWith("lost partitions")); // not a probe that failed on a stopping Ignite
            if (lost && !lastLost) {
                String reason = r.checks().stream().filter(c -> c.name().equals("no-lost-partitions"))
                        .map(HealthReport.Result::reason).findFirst().orElse("");
                LOG.warn("Node {}: {}", nodeName, reason);
                events.emit("partitions.lost", Map.of("node", nodeName));
            }
            lastLost = lost;
        } catch (RuntimeException e) {
            LOG.debug("Readiness of {} could not be evaluated: {}", nodeName, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        Ignite i = ignite;
        IgnitePredicate<DiscoveryEvent> l = listener;
        if (i != null && l != null) {
            try {
                i.events().stopLocalListen(l, MEMBERSHIP);
            } catch (RuntimeException e) {
                // Ignite is already stopping
            }
        }
    }
}
