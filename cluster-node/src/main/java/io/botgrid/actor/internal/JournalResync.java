package io.botgrid.actor.internal;

import io.botgrid.actor.JournalReplica.Head;
import io.botgrid.actor.ReplicationLink;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The half of a demoted region's re-synchronisation that shipments cannot do: the records it wrote beyond the
 * journal heads of the region promoted over it. A shipped record that differs from a local one replaces it (see
 * {@link ReplicaWriter}), but an actor whose new home wrote nothing after the promotion, or one the new home never
 * heard of (created here and never shipped), gets no shipment that would show it. So each node of the demoted
 * region, for the actors of its primary partitions that it served (those with a directory head), asks the new home
 * for its heads ({@link ReplicationLink#heads}) and moves aside what lies beyond them ({@link Divergence}).
 */
public final class JournalResync {
    private static final Logger LOG = LoggerFactory.getLogger(JournalResync.class);
    /** Probes per call to the new home. */
    private static final int PROBES_PER_CALL = 1_000;

    private final Ignite ignite;
    private final String nodeName;
    private final Divergence divergence;

    public JournalResync(Ignite ignite, String nodeName, Divergence divergence) {
        this.ignite = ignite;
        this.nodeName = nodeName;
        this.divergence = divergence;
    }

    /**
     * Runs once over this node's primary partitions.
     *
     * @param truth the region promoted over this one
     * @param link the way to it
     * @return how many records were moved aside
     * @throws RuntimeException the new home did not answer, or the link reaches another region: run again later
     */
    public long run(String truth, ReplicationLink link) {
        Affinity<String> affinity = ignite.affinity(Stores.DIRECTORY);
        ClusterNode local = ignite.cluster().localNode();
        List<Head> probes = new ArrayList<>();
        long moved = 0;
        int actors = 0;
        for (int p : affinity.primaryPartitions(local)) {
            try (QueryCursor<Cache.Entry<String, String>> cursor = Stores.directory(ignite)
                    .query(new ScanQuery<String, String>().setPartition(p).setLocal(true))) {
                for (Cache.Entry<String, String> e : cursor) {
                    long head = DirectoryEntry.parse(e.getValue()).lastSeq();
                    if (head > 0) {
                        probes.add(new Head(e.getKey(), head));
                    }
                }
            }
            if (probes.size() >= PROBES_PER_CALL) {
                actors += probes.size();
                moved += resync(truth, link, probes);
                probes.clear();
            }
        }
        actors += probes.size();
        moved += resync(truth, link, probes);
        LOG.info("Node {} re-synchronised from region {}: {} actors checked, {} records beyond its heads moved aside",
                nodeName, truth, actors, moved);
        return moved;
    }

    private long resync(String truth, ReplicationLink link, List<Head> probes) {
        if (probes.isEmpty()) {
            return 0;
        }
        ReplicationLink.Heads answer = link.heads(probes);
        if (!truth.equals(answer.region())) {
            throw new IllegalStateException("the standby endpoints of this region reach region " + answer.region()
                    + ", not region " + truth + " that it stands by for: set them (botgrid region standby)");
        }
        long moved = 0;
        for (int i = 0; i < probes.size(); i++) {
            Head mine = probes.get(i);
            long theirs = answer.heads().get(i).seq();
            if (theirs < mine.seq()) {
                moved += divergence.moveAside(mine.actor(), theirs + 1, truth);
            }
        }
        return moved;
    }
}
