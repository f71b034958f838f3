package io.botgrid.cluster;

import java.util.List;

/**
 * The region's role in replication between regions, read and changed by an operator (admin role) through any node of
 * the region: {@code active} (home of its actors; ships to its standby if it has one), {@code standby:<region>}
 * (holds a copy of that region's journals and refuses writes), {@code promoted:<region>} (a standby made the home of
 * that region's actors: writes, and refuses that region's shipments, which fences it), {@code fenced:<region>} (the
 * old home after that region was promoted over it: refuses writes and ships nothing until demoted; demoting it
 * re-synchronises it from that region).
 *
 * <p>Each change names the region it is meant for and is refused with {@link IllegalStateException} if this node's
 * region is another one, so that a request that failed over to the wrong region never changes it.
 */
public interface RegionAdmin {

    /** This node's region. */
    String region();

    /** The region's role now. */
    String role();

    /**
     * Makes this standby region the home of the actors of the region it stands by for.
     *
     * @throws IllegalStateException {@code region} is not this node's, or this region is not a standby
     * @return the role after the change
     */
    String promote(String region);

    /**
     * Promotes as {@link #promote(String)}, and if {@code standbyEndpoints} is not empty, ships to them from then on
     * ({@link #setStandby}); the endpoints are checked before anything changes.
     *
     * @throws IllegalArgumentException an endpoint is not {@code host:port}
     */
    String promote(String region, List<String> standbyEndpoints);

    /**
     * Makes this fenced region a standby of the region promoted over it: it still refuses writes, and takes that
     * region's shipments.
     *
     * @throws IllegalStateException {@code region} is not this node's, or this region is not fenced
     * @return the role after the change
     */
    String demote(String region);

    /** Where the region ships its journals now (whether it ships depends on its role); empty: nowhere. */
    List<String> standbyEndpoints();

    /**
     * Ships the region's journals to {@code endpoints} from now on, on every node of the region and without a
     * restart; empty goes back to the nodes' {@code standbyEndpoints} setting.
     *
     * @throws IllegalStateException {@code region} is not this node's
     * @throws IllegalArgumentException an endpoint is not {@code host:port}
     * @return the role (unchanged)
     */
    String setStandby(String region, List<String> endpoints);
}
