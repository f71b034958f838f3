package io.botgrid.node.internal;

import java.io.Serializable;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCheckedException;
import org.apache.ignite.IgniteException;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.configuration.distributed.DistributedChangeableProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches Ignite's historical (WAL) rebalance off: a partition is always copied whole to a node that is to own it.
 *
 * <p>Why: Ignite 2.17 copies only the updates after the receiving copy's update counter ("historical" rebalance) when
 * the partition holds at least {@code historical.rebalance.threshold} entries (500 by default) and the supplier's WAL
 * still reaches back that far. A node that handed a partition to another one and cleared its own copy keeps that
 * copy's counter; when the partition comes back to it (another owner leaves: with a baseline that follows leaves, a
 * kill is enough), it asks for the delta only and then owns the partition with the same counter as the others but
 * without the older entries. Ignite only warns ({@code Partitions cache sizes are inconsistent}). A journal read from
 * that copy is empty, a recovering actor starts at seq 1, and its appends overwrite acknowledged events on the other
 * copy (seen in the W5 fault benchmark; {@code RebalanceAfterEvictionTest} reproduces it on three nodes). With the
 * threshold at {@link Integer#MAX_VALUE} no partition qualifies. The price: a node that comes back with its data is
 * sent its partitions whole, not the delta (after an unclean stop {@link StaleCopies} discarded them anyway).
 *
 * <p>Two places hold the threshold: the JVM property that seeds the cluster-wide value when a cluster is new, and the
 * cluster-wide (distributed metastorage) value itself, which a cluster created by an earlier version holds at 500;
 * {@link #enforce} raises it once the cluster is active. Ignite's {@code IGNITE_PREFER_WAL_REBALANCE} bypasses the
 * threshold; a node started with it set warns.
 */
final class FullRebalance {
    private static final Logger LOG = LoggerFactory.getLogger(FullRebalance.class);
    /** Ignite's system property that seeds the cluster-wide threshold (read when a node starts). */
    static final String SEED_PROPERTY = "IGNITE_PDS_WAL_REBALANCE_THRESHOLD";
    /** Ignite's system property that makes it prefer historical rebalance whatever the threshold. */
    static final String PREFER_PROPERTY = "IGNITE_PREFER_WAL_REBALANCE";
    /** The cluster-wide threshold's name in Ignite's distributed configuration. */
    static final String CLUSTER_PROPERTY = "historical.rebalance.threshold";
    /** No partition is that large: historical rebalance never applies. */
    static final int OFF = Integer.MAX_VALUE;

    private FullRebalance() {
    }

    /** Before a node starts in this JVM: a cluster it creates starts with historical rebalance off. */
    static void seed() {
        System.setProperty(SEED_PROPERTY, String.valueOf(OFF));
        if (Boolean.getBoolean(PREFER_PROPERTY)) {
            LOG.warn("{} is set: Ignite then uses historical rebalance whatever the threshold, and a node that gets "
                    + "back a partition it was clearing can own it without its older entries; unset it",
                    PREFER_PROPERTY);
        }
    }

    /** Once the cluster is active: raises the cluster-wide threshold if it is lower (a cluster created earlier). */
    static void enforce(Ignite ignite) {
        DistributedChangeableProperty<Serializable> threshold =
                ((IgniteEx) ignite).context().distributedConfiguration().property(CLUSTER_PROPERTY);
        if (threshold == null) {
            throw new IllegalStateException("Ignite has no distributed property " + CLUSTER_PROPERTY
                    + ": historical rebalance cannot be switched off");
        }
        Serializable current = threshold.get();
        if (current instanceof Integer value && value == OFF) {
            return;
        }
        try {
            threshold.propagate(OFF);
        } catch (IgniteCheckedException | IgniteException e) {
            LOG.error("Cannot set {} to switch historical rebalance off; a node that gets back a partition it cleared "
                    + "may own it without its older entries until this succeeds on a later start", CLUSTER_PROPERTY,
                    e);
            return;
        }
        LOG.warn("Historical rebalance was on ({} = {}): switched off, partitions are copied whole", CLUSTER_PROPERTY,
                current);
    }

    /** The cluster-wide threshold as this node sees it (null before the cluster's configuration is read). */
    static Integer threshold(Ignite ignite) {
        DistributedChangeableProperty<Serializable> threshold =
                ((IgniteEx) ignite).context().distributedConfiguration().property(CLUSTER_PROPERTY);
        return threshold == null ? null : (Integer) threshold.get();
    }
}
