package io.botgrid.cluster;

/** What a node is doing for the cluster. */
public enum NodeState {
    /** Running and holding data. */
    SERVING,
    /** Running but holding no data (drained, or joined and not yet in the data-holding set). */
    DRAINED,
    /** Running, but the cluster is not active (a restarted cluster waiting for its nodes). */
    INACTIVE,
    /** Holds data but is not running. */
    OFFLINE
}
