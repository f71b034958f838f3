package io.botgrid.bench;

import com.google.protobuf.Message;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import java.util.concurrent.TimeoutException;

/**
 * Actor calls through node 1's {@link ActorClient} (in this JVM), as W0 and W1 make them: keys {@code k0…} of one
 * type, every key primed once ({@link ActivationRate}), then the {@link MeasuredPhase}.
 */
final class LocalActorLoad {
    private static final CallOptions CALL = CallOptions.DEFAULT;

    private LocalActorLoad() {
    }

    /**
     * @param prime the command of the priming call of every key
     * @param commands the commands of the measured phase, key {@code k} sending {@code commands[k & (length - 1)]};
     *     the length is a power of two
     */
    static ClosedLoop.Result run(BenchContext context, BenchCluster cluster, ClosedLoop loop, String name, String type,
                                 Message prime, Message[] commands) throws TimeoutException {
        BenchOptions options = context.options();
        ActorClient client = cluster.local().actors();
        ActorId[] ids = ids(options, type);
        ActivationRate.prime(name, loop, options.keys(), "", (key, executor, done) -> client.ask(ids[key], prime, CALL)
                .whenCompleteAsync((reply, error) -> done.accept(error), executor));
        ClosedLoop.Result measured = MeasuredPhase.run(name, loop, calls(ids(options, type), client, commands),
                options, Probe.of(cluster));
        // The priming above is the JVMs' first work (class loading, JIT): its tail says more about a cold start
        // than about activation. The same number of fresh actors activated now, with the JVMs warm, is the
        // activation figure to compare with the target (issue 14: first-call p99 at W0's concurrency).
        ActorId[] fresh = ids(options, type, "f");
        ActivationRate.prime(name + ".warm", loop, options.keys(), " (fresh keys, JVMs warm)", (key, executor, done)
                -> client.ask(fresh[key], prime, CALL).whenCompleteAsync((reply, error) -> done.accept(error),
                executor));
        return measured;
    }

    /**
     * The same calls as the measured phase of {@link #run} (on actors already primed by it), offered open-loop at
     * {@code rate} calls a second ({@link MeasuredPhase#runOpenLoop}).
     */
    static ClosedLoop.Result runOpenLoop(BenchContext context, BenchCluster cluster, ClosedLoop loop, String name,
                                         String type, Message[] commands, double rate) {
        BenchOptions options = context.options();
        return MeasuredPhase.runOpenLoop(name, loop, calls(ids(options, type), cluster.local().actors(), commands),
                rate, options, Probe.of(cluster));
    }

    private static ActorId[] ids(BenchOptions options, String type) {
        return ids(options, type, "k");
    }

    private static ActorId[] ids(BenchOptions options, String type, String prefix) {
        ActorId[] ids = new ActorId[options.keys()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ActorId.of(type, prefix + i);
        }
        return ids;
    }

    private static ClosedLoop.Operation calls(ActorId[] ids, ActorClient client, Message[] commands) {
        int mask = commands.length - 1;
        return (key, executor, done) -> client.ask(ids[key], commands[key & mask], CALL)
                .whenCompleteAsync((reply, error) -> done.accept(error), executor);
    }
}
