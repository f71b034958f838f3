package io.botgrid.cluster;

import java.util.List;

/**
 * The outcome of a drain.
 *
 * @param remaining the data-holding nodes after the drain, sorted
 * @param stopsThisNode whether the drained node is the one asked, which must stop once it has answered
 */
public record DrainResult(List<String> remaining, boolean stopsThisNode) {

    /** Copies the list. */
    public DrainResult {
        remaining = List.copyOf(remaining);
    }
}
