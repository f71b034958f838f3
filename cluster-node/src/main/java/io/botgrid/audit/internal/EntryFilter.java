package io.botgrid.audit.internal;

import io.botgrid.audit.AuditQuery;
import org.apache.ignite.lang.IgniteBiPredicate;

/**
 * The filter of a scan of the audit cache, run on the nodes that hold the entries so only matching ones travel: the
 * time bounds and the page position compare keys only; the actor, action and target parse the entry. Serialisable
 * with plain fields, as Ignite ships it to the other nodes (which hold the same class).
 */
final class EntryFilter implements IgniteBiPredicate<String, byte[]> {
    private static final long serialVersionUID = 1L;

    /** Keys at or above it; null: none. */
    private final String lowest;
    /** Keys below it (a time bound or the page token); null: none. */
    private final String below;
    private final String actor;
    private final String action;
    private final String target;

    private EntryFilter(String lowest, String below, String actor, String action, String target) {
        this.lowest = lowest;
        this.below = below;
        this.actor = actor;
        this.action = action;
        this.target = target;
    }

    /** Matches what {@code query} asks for, below the key of its page token. */
    static EntryFilter of(AuditQuery query) {
        String upper = query.until() == null ? null : AuditKeys.prefix(query.until());
        if (!query.pageToken().isEmpty()) {
            String after = AuditKeys.fromToken(query.pageToken());
            upper = upper == null || after.compareTo(upper) < 0 ? after : upper;
        }
        return new EntryFilter(query.since() == null ? null : AuditKeys.prefix(query.since()), upper, query.actor(),
                query.action(), query.target());
    }

    /** Every key older than {@code prefix} (a time, {@link AuditKeys#prefix}): for the retention sweep. */
    static EntryFilter olderThan(String prefix) {
        return new EntryFilter(null, prefix, "", "", "");
    }

    @Override
    public boolean apply(String key, byte[] value) {
        if (lowest != null && key.compareTo(lowest) < 0 || below != null && key.compareTo(below) >= 0) {
            return false;
        }
        if (actor.isEmpty() && action.isEmpty() && target.isEmpty()) {
            return true;
        }
        io.botgrid.proto.v1.AuditEntry e = EntryCodec.parse(value);
        return (actor.isEmpty() || actor.equals(e.getActor())) && (action.isEmpty() || action.equals(e.getAction()))
                && (target.isEmpty() || target.equals(e.getTarget()));
    }
}
