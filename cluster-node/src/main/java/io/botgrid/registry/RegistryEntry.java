package io.botgrid.registry;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One registered name and its holder: the process (an opaque owner string, such as a worker's
 * {@code spec/worker#incarnation}) on the node that registered it.
 *
 * @param name the name, {@code [A-Za-z0-9_.:/@#-]{1,256}}
 * @param owner what holds the name, as the registering process states it (non-blank, at most 512 characters)
 * @param node the holder's node name (Ignite consistent id)
 * @param nodeId the holder node's id in its current run (Ignite node id), so that a node restarted under the same
 *     name does not keep the names of its previous run
 * @param tags labels to list names by
 * @param registeredAtMillis when the name was registered, epoch milliseconds
 */
public record RegistryEntry(String name, String owner, String node, String nodeId, Set<String> tags,
                            long registeredAtMillis) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/@#-]{1,256}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");

    /** Checks the fields and copies the tags. */
    public RegistryEntry {
        checkName(name);
        checkOwner(owner);
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(nodeId, "nodeId");
        tags = checkTags(tags);
    }

    /**
     * Checks a name.
     *
     * @throws IllegalArgumentException saying what a name may be
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("registry name '" + name + "' is not 1 to 256 characters of "
                    + "letters, digits and _ . : / @ # -");
        }
        return name;
    }

    static void checkOwner(String owner) {
        if (owner == null || owner.isBlank() || owner.length() > 512) {
            throw new IllegalArgumentException("registry owner must be 1 to 512 characters, not '" + owner + "'");
        }
    }

    /**
     * Checks tags and returns an unmodifiable copy.
     *
     * @throws IllegalArgumentException naming the bad tag
     */
    public static Set<String> checkTags(Set<String> tags) {
        Set<String> copy = Set.copyOf(Objects.requireNonNull(tags, "tags"));
        if (copy.size() > 16) {
            throw new IllegalArgumentException("at most 16 tags per name, not " + copy.size());
        }
        for (String t : copy) {
            if (!TAG.matcher(t).matches()) {
                throw new IllegalArgumentException("tag '" + t + "' is not 1 to 64 characters of letters, digits "
                        + "and _ . : / -");
            }
        }
        return copy;
    }
}
