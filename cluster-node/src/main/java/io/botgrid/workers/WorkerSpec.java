package io.botgrid.workers;

/**
 * A declared set of supervised workers: what to run, how to restart it and where. Immutable; two specs are the same
 * declaration when they are equal (so declaring the same spec twice is idempotent).
 *
 * <p>The records check their own structure when built and throw {@link InvalidWorkerSpecException} naming the field
 * (a chain with no stage, duplicate member or stage names, min &gt; max…); whether the named functions exist and
 * accept their settings depends on a node's catalogue and is checked by {@link LocalSupervisor#validate}.
 */
public sealed interface WorkerSpec permits StandaloneSpec, GroupSpec, ChainSpec {
    /** The spec's id, unique in the cluster; see {@link SpecIds#ID}. */
    String id();

    RestartPolicy restart();

    Placement placement();

    /** Every function the spec names, for validation against the catalogue, with the field path of each. */
    java.util.Map<String, FunctionRef> functions();
}
