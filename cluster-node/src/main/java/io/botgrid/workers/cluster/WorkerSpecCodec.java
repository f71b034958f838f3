package io.botgrid.workers.cluster;

import com.google.protobuf.Duration;
import io.botgrid.proto.v1.ActorRef;
import io.botgrid.proto.v1.ChainStage;
import io.botgrid.proto.v1.GroupMember;
import io.botgrid.proto.v1.NodeAttribute;
import io.botgrid.proto.v1.RestartStrategy;
import io.botgrid.proto.v1.WorkerFunction;
import io.botgrid.proto.v1.WorkerPlacement;
import io.botgrid.workers.AutoscalePolicy;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.Placement;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one translation between the spec records of {@code io.botgrid.workers} and their Protobuf form
 * ({@code botgrid.v1.WorkerSpec}), used by the durable spec store and the gRPC front alike, so that what is stored is
 * exactly what the API accepts. Missing optional parts take the records' defaults (restart policy
 * {@link RestartPolicy#DEFAULT}, placement any, one instance per stage, the default queue).
 */
public final class WorkerSpecCodec {
    private WorkerSpecCodec() {
    }

    /**
     * Reads a spec.
     *
     * @throws InvalidWorkerSpecException naming the field that is missing or wrong
     */
    public static WorkerSpec fromProto(io.botgrid.proto.v1.WorkerSpec p) {
        RestartPolicy restart = p.hasRestart() ? restart(p.getRestart()) : RestartPolicy.DEFAULT;
        Placement placement = p.hasPlacement() ? placement(p.getPlacement()) : Placement.any();
        return switch (p.getKindCase()) {
            case STANDALONE -> new StandaloneSpec(p.getId(), function("standalone.worker",
                    p.getStandalone().hasWorker() ? p.getStandalone().getWorker() : null), restart, placement);
            case GROUP -> {
                List<GroupSpec.Member> members = new ArrayList<>();
                for (int i = 0; i < p.getGroup().getMembersCount(); i++) {
                    GroupMember m = p.getGroup().getMembers(i);
                    members.add(new GroupSpec.Member(m.getId(), function("members[" + i + "].worker",
                            m.hasWorker() ? m.getWorker() : null)));
                }
                yield new GroupSpec(p.getId(), members, restart, placement);
            }
            case CHAIN -> {
                List<ChainSpec.Stage> stages = new ArrayList<>();
                for (int i = 0; i < p.getChain().getStagesCount(); i++) {
                    ChainStage s = p.getChain().getStages(i);
                    int min = s.getMinInstances() == 0 ? 1 : s.getMinInstances();
                    int max = s.getMaxInstances() == 0 ? Math.max(1, min) : s.getMaxInstances();
                    int queue = s.getQueueCapacity() == 0 ? ChainSpec.DEFAULT_QUEUE_CAPACITY : s.getQueueCapacity();
                    stages.add(new ChainSpec.Stage(s.getName(), function("stages[" + i + "].worker",
                            s.hasWorker() ? s.getWorker() : null), min, max, queue, s.getKeyedOrder(),
                            s.hasAutoscale() ? Optional.of(autoscale("stages[" + i + "]", s.getAutoscale()))
                                    : Optional.empty()));
                }
                Optional<FunctionRef> end = p.getChain().hasEnd()
                        ? Optional.of(function("end", p.getChain().getEnd())) : Optional.empty();
                yield new ChainSpec(p.getId(), stages, end, restart, placement);
            }
            case KIND_NOT_SET -> throw new InvalidWorkerSpecException("kind",
                    "a spec is one of standalone, group or chain; none was given");
        };
    }

    /** Writes a spec. */
    public static io.botgrid.proto.v1.WorkerSpec toProto(WorkerSpec spec) {
        io.botgrid.proto.v1.WorkerSpec.Builder b = io.botgrid.proto.v1.WorkerSpec.newBuilder().setId(spec.id())
                .setRestart(restart(spec.restart())).setPlacement(placement(spec.placement()));
        if (spec instanceof StandaloneSpec s) {
            b.setStandalone(io.botgrid.proto.v1.StandaloneSpec.newBuilder().setWorker(function(s.function())));
        } else if (spec instanceof GroupSpec g) {
            io.botgrid.proto.v1.GroupSpec.Builder gb = io.botgrid.proto.v1.GroupSpec.newBuilder();
            g.members().forEach(m -> gb.addMembers(GroupMember.newBuilder().setId(m.id())
                    .setWorker(function(m.function()))));
            b.setGroup(gb);
        } else if (spec instanceof ChainSpec c) {
            io.botgrid.proto.v1.ChainSpec.Builder cb = io.botgrid.proto.v1.ChainSpec.newBuilder();
            c.stages().forEach(s -> {
                ChainStage.Builder sb = ChainStage.newBuilder().setName(s.name())
                        .setWorker(function(s.function())).setMinInstances(s.minInstances())
                        .setMaxInstances(s.maxInstances()).setQueueCapacity(s.queueCapacity())
                        .setKeyedOrder(s.keyOrdered());
                s.autoscale().ifPresent(a -> sb.setAutoscale(autoscale(a)));
                cb.addStages(sb);
            });
            c.end().ifPresent(e -> cb.setEnd(function(e)));
            b.setChain(cb);
        }
        return b.build();
    }

    private static AutoscalePolicy autoscale(String stage, io.botgrid.proto.v1.AutoscalePolicy p) {
        AutoscalePolicy d = AutoscalePolicy.DEFAULT;
        try {
            return new AutoscalePolicy(p.getTargetBacklog() == 0 ? d.targetBacklog() : p.getTargetBacklog(),
                    p.hasTargetLatency() ? duration(p.getTargetLatency()) : d.targetLatency(),
                    p.hasCooldown() ? duration(p.getCooldown()) : d.cooldown(),
                    p.getMaxStep() == 0 ? d.maxStep() : p.getMaxStep(),
                    p.hasHysteresis() ? p.getHysteresis() : d.hysteresis(),
                    p.hasScaleDownAfter() ? duration(p.getScaleDownAfter()) : d.scaleDownAfter());
        } catch (InvalidWorkerSpecException e) {
            throw new InvalidWorkerSpecException(stage + "." + e.field(), e.reason());
        }
    }

    private static io.botgrid.proto.v1.AutoscalePolicy autoscale(AutoscalePolicy a) {
        return io.botgrid.proto.v1.AutoscalePolicy.newBuilder().setTargetBacklog(a.targetBacklog())
                .setTargetLatency(duration(a.targetLatency())).setCooldown(duration(a.cooldown()))
                .setMaxStep(a.maxStep()).setHysteresis(a.hysteresis())
                .setScaleDownAfter(duration(a.scaleDownAfter())).build();
    }

    private static FunctionRef function(String field, WorkerFunction f) {
        if (f == null || f.getFunction().isBlank()) {
            throw new InvalidWorkerSpecException(field, "a worker function name is required");
        }
        return new FunctionRef(f.getFunction(), f.getSettingsMap());
    }

    private static WorkerFunction function(FunctionRef f) {
        return WorkerFunction.newBuilder().setFunction(f.function()).putAllSettings(f.settings()).build();
    }

    private static RestartPolicy restart(io.botgrid.proto.v1.RestartPolicy p) {
        RestartPolicy d = RestartPolicy.DEFAULT;
        RestartPolicy.Strategy strategy = switch (p.getStrategy()) {
            case RESTART_STRATEGY_UNSPECIFIED -> d.strategy();
            case RESTART_STRATEGY_PERMANENT -> RestartPolicy.Strategy.PERMANENT;
            case RESTART_STRATEGY_TRANSIENT -> RestartPolicy.Strategy.TRANSIENT;
            case RESTART_STRATEGY_TEMPORARY -> RestartPolicy.Strategy.TEMPORARY;
            case UNRECOGNIZED -> throw new InvalidWorkerSpecException("restart.strategy",
                    "unknown strategy " + p.getStrategyValue() + " (permanent, transient, temporary)");
        };
        boolean noIntensity = p.getMaxRestarts() == 0 && !p.hasWithin();
        return new RestartPolicy(strategy, noIntensity ? d.maxRestarts() : p.getMaxRestarts(),
                p.hasWithin() ? duration(p.getWithin()) : d.within(),
                p.hasBackoffInitial() ? duration(p.getBackoffInitial()) : d.backoffMin(),
                p.hasBackoffMax() ? duration(p.getBackoffMax()) : d.backoffMax());
    }

    private static io.botgrid.proto.v1.RestartPolicy restart(RestartPolicy r) {
        return io.botgrid.proto.v1.RestartPolicy.newBuilder()
                .setStrategy(switch (r.strategy()) {
                    case PERMANENT -> RestartStrategy.RESTART_STRATEGY_PERMANENT;
                    case TRANSIENT -> RestartStrategy.RESTART_STRATEGY_TRANSIENT;
                    case TEMPORARY -> RestartStrategy.RESTART_STRATEGY_TEMPORARY;
                })
                .setMaxRestarts(r.maxRestarts()).setWithin(duration(r.within()))
                .setBackoffInitial(duration(r.backoffMin())).setBackoffMax(duration(r.backoffMax())).build();
    }

    private static Placement placement(WorkerPlacement p) {
        return switch (p.getWhereCase()) {
            case ANY, WHERE_NOT_SET -> Placement.any();
            case ZONE -> new Placement.Zone(p.getZone());
            case ATTRIBUTE -> new Placement.NodeAttribute(p.getAttribute().getName(), p.getAttribute().getValue());
            case WITH_ACTOR -> new Placement.WithActor(p.getWithActor().getType(), p.getWithActor().getKey());
            case EVERY_NODE -> new Placement.EveryNode();
        };
    }

    private static WorkerPlacement placement(Placement p) {
        WorkerPlacement.Builder b = WorkerPlacement.newBuilder();
        if (p instanceof Placement.Zone z) {
            b.setZone(z.zone());
        } else if (p instanceof Placement.NodeAttribute a) {
            b.setAttribute(NodeAttribute.newBuilder().setName(a.name()).setValue(a.value()));
        } else if (p instanceof Placement.WithActor w) {
            b.setWithActor(ActorRef.newBuilder().setType(w.type()).setKey(w.key()));
        } else if (p instanceof Placement.EveryNode) {
            b.setEveryNode(true);
        } else {
            b.setAny(true);
        }
        return b.build();
    }

    private static java.time.Duration duration(Duration d) {
        return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }

    private static Duration duration(java.time.Duration d) {
        return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }
}
