package io.botgrid.workers.cluster.internal;

import io.botgrid.registry.Registry;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.Placement;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry in step with this node's workers: when a spec starts (or restarts) its names are registered —
 * {@code worker:<spec>} and, for a group, {@code worker:<group>/<member>} (every-node specs add {@code @<node>}) —
 * and when it crashes, stops or fails they are unregistered, so a dead process's names go at once. The owner is
 * {@code <spec>#<incarnation>@<node>}. Registry calls run on the reconciler's thread, never the engine's.
 */
final class NameKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(NameKeeper.class);

    private final Registry registry;
    private final LocalSupervisor supervisor;
    private final Consumer<Runnable> executor;

    NameKeeper(Registry registry, LocalSupervisor supervisor, Consumer<Runnable> executor) {
        this.registry = registry;
        this.supervisor = supervisor;
        this.executor = executor;
    }

    void onEvent(WorkerEvent e) {
        executor.accept(() -> {
            try {
                handle(e);
            } catch (RuntimeException failure) {
                LOG.warn("Registry names of worker spec {} not updated: {}", e.specId(), failure.toString());
            }
        });
    }

    private void handle(WorkerEvent e) {
        String owner = e.specId() + "#" + e.incarnation() + "@" + e.node();
        if (e instanceof WorkerEvent.Started) {
            supervisor.status(e.specId()).filter(s -> s.incarnation() == e.incarnation()).ifPresent(s -> {
                for (String name : names(s.spec(), e.node())) {
                    registry.register(name, owner, Set.of("workers", kind(s.spec())));
                }
            });
        } else if (e instanceof WorkerEvent.Crashed c) {
            registry.unregisterOwner(owner, "process crashed: " + c.reason());
        } else if (e instanceof WorkerEvent.Stopped s) {
            registry.unregisterOwner(owner, "process stopped: " + s.reason());
        } else if (e instanceof WorkerEvent.Failed f) {
            registry.unregisterOwner(owner, "process failed: " + f.reason());
        }
    }

    static List<String> names(WorkerSpec spec, String node) {
        String suffix = spec.placement() instanceof Placement.EveryNode ? "@" + node : "";
        List<String> names = new ArrayList<>();
        names.add("worker:" + spec.id() + suffix);
        if (spec instanceof GroupSpec g) {
            g.members().forEach(m -> names.add("worker:" + g.workerId(m.id()) + suffix));
        }
        return names;
    }

    static String kind(WorkerSpec spec) {
        if (spec instanceof StandaloneSpec) {
            return "standalone";
        }
        return spec instanceof ChainSpec ? "chain" : "group";
    }
}
