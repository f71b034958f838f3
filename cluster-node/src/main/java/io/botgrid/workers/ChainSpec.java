package io.botgrid.workers;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A pipeline: each stage's outputs are the next stage's inputs, and what leaves the last stage goes to the optional
 * end function. Items enter at the head or at a named stage. A crash anywhere stops the whole chain (every stage and
 * the end), which is then restarted by its policy; items in flight are lost and their pushes fail.
 *
 * @param stages at least one, names unique
 * @param end the function that receives everything leaving the last stage, if any
 */
public record ChainSpec(String id, List<Stage> stages, Optional<FunctionRef> end, RestartPolicy restart,
                        Placement placement) implements WorkerSpec {
    /** Default bound of a stage's queue. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    /**
     * One stage: {@code instances} copies of a function (between {@code minInstances} and {@code maxInstances}; it
     * starts at the minimum and is moved at run time by {@link LocalSupervisor#setInstances}), fed from one bounded
     * queue. A full queue holds back the previous stage (backpressure) and, at the entry point, refuses the push.
     *
     * @param queueCapacity items the stage may hold waiting (across its instances), at least 1
     * @param keyOrdered whether items with the same {@link io.botgrid.workers.spi.WorkerMessage#key() key} are handled
     *        in the order they entered the stage (routed by key hash to one instance); items without a key are then
     *        spread like unordered ones
     */
    public record Stage(String name, FunctionRef function, int minInstances, int maxInstances, int queueCapacity,
                        boolean keyOrdered, Optional<AutoscalePolicy> autoscale) {
        public Stage {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(autoscale, "autoscale");
        }

        /** A stage the autoscaler leaves alone. */
        public Stage(String name, FunctionRef function, int minInstances, int maxInstances, int queueCapacity,
                     boolean keyOrdered) {
            this(name, function, minInstances, maxInstances, queueCapacity, keyOrdered, Optional.empty());
        }

        /** One instance, default queue, unordered. */
        public static Stage of(String name, FunctionRef function) {
            return new Stage(name, function, 1, 1, DEFAULT_QUEUE_CAPACITY, false);
        }

        public Stage withInstances(int min, int max) {
            return new Stage(name, function, min, max, queueCapacity, keyOrdered, autoscale);
        }

        public Stage withQueueCapacity(int capacity) {
            return new Stage(name, function, minInstances, maxInstances, capacity, keyOrdered, autoscale);
        }

        public Stage withKeyOrdered(boolean ordered) {
            return new Stage(name, function, minInstances, maxInstances, queueCapacity, ordered, autoscale);
        }

        /** The autoscaler moves this stage's instances between min and max by {@code policy}. */
        public Stage withAutoscale(AutoscalePolicy policy) {
            return new Stage(name, function, minInstances, maxInstances, queueCapacity, keyOrdered,
                    Optional.of(policy));
        }
    }

    public ChainSpec {
        SpecIds.check("id", id);
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(placement, "placement");
        stages = List.copyOf(Objects.requireNonNull(stages, "stages"));
        if (stages.isEmpty()) {
            throw new InvalidWorkerSpecException("stages", "a chain needs at least one stage");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            String f = "stages[" + i + "]";
            String name = SpecIds.check(f + ".name", s.name());
            if (name.equals("end")) {
                throw new InvalidWorkerSpecException(f + ".name", "'end' is reserved for the end function");
            }
            if (!seen.add(name)) {
                throw new InvalidWorkerSpecException(f + ".name", "duplicate stage name '" + name + "'");
            }
            if (s.minInstances() < 1) {
                throw new InvalidWorkerSpecException(f + ".minInstances", "must be at least 1, got " + s.minInstances());
            }
            if (s.minInstances() > s.maxInstances()) {
                throw new InvalidWorkerSpecException(f + ".maxInstances", "min instances " + s.minInstances()
                        + " is greater than max instances " + s.maxInstances());
            }
            if (s.queueCapacity() < 1) {
                throw new InvalidWorkerSpecException(f + ".queueCapacity", "must be at least 1, got " + s.queueCapacity());
            }
            if (s.autoscale().isPresent()) {
                AutoscalePolicy p = s.autoscale().get();
                if (s.minInstances() == s.maxInstances()) {
                    throw new InvalidWorkerSpecException(f + ".autoscale", "the stage runs exactly "
                            + s.minInstances() + " instance(s) (minInstances = maxInstances): nothing to scale; "
                            + "raise maxInstances or drop autoscale");
                }
                if (p.targetBacklog() >= s.queueCapacity()) {
                    throw new InvalidWorkerSpecException(f + ".autoscale.targetBacklog", "must be below the "
                            + "stage's queueCapacity " + s.queueCapacity() + ", got " + p.targetBacklog());
                }
            }
        }
    }

    /** A chain of these stages, no end function, default policy, placed anywhere. */
    public static ChainSpec of(String id, List<Stage> stages) {
        return new ChainSpec(id, stages, Optional.empty(), RestartPolicy.DEFAULT, Placement.any());
    }

    public ChainSpec withEnd(FunctionRef endFunction) {
        return new ChainSpec(id, stages, Optional.of(endFunction), restart, placement);
    }

    public ChainSpec withRestart(RestartPolicy p) {
        return new ChainSpec(id, stages, end, p, placement);
    }

    /** The index of the stage of this name, if any. */
    public Optional<Integer> stageIndex(String name) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, FunctionRef> functions() {
        Map<String, FunctionRef> f = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            f.put("stages[" + i + "].function", stages.get(i).function());
        }
        end.ifPresent(e -> f.put("end", e));
        return f;
    }
}
