package io.botgrid.actor;

/**
 * A standby region refused replicated records because it was promoted over the region shipping them: that region is
 * fenced. Thrown by the standby's {@link JournalReplica} and, on the shipping side, by the {@link ReplicationLink}
 * that received the refusal, so the shipping region learns that it must stop writing.
 */
public final class ReplicationRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "fenced by region ";
    private static final String TERM = "(promotion term ";

    private final String promotedRegion;
    private final long term;

    /** @param term the promoted region's promotion term (see {@link #term()}) */
    public ReplicationRefusedException(String promotedRegion, String sourceRegion, long term) {
        super(PREFIX + promotedRegion + ": region " + promotedRegion + " was promoted over region " + sourceRegion
                + " " + TERM + term + "), which must stop writing until it is demoted and re-synchronised");
        this.promotedRegion = promotedRegion;
        this.term = term;
    }

    /** The region that was promoted. */
    public String promotedRegion() {
        return promotedRegion;
    }

    /**
     * How many promotions the refusing region's role descends from: each promotion is one more than the term of the
     * region promoted over. A region promoted later than the refusing one (a failover back) has a higher term and
     * ignores the refusal, so two regions that each were promoted over the other settle on the newer promotion.
     */
    public long term() {
        return term;
    }

    /** The promotion term named by a refusal's message; 0 if it names none. */
    public static long termIn(String message) {
        if (message == null) {
            return 0;
        }
        int at = message.indexOf(TERM);
        int end = at < 0 ? -1 : message.indexOf(')', at);
        if (end < 0) {
            return 0;
        }
        try {
            return Long.parseLong(message.substring(at + TERM.length(), end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The promoted region named by a refusal's message, or null if the message is not a refusal. */
    public static String promotedRegionIn(String message) {
        if (message == null || !message.startsWith(PREFIX)) {
            return null;
        }
        int colon = message.indexOf(':', PREFIX.length());
        return colon < 0 ? null : message.substring(PREFIX.length(), colon);
    }
}
