package io.botgrid.actor;

/**
 * A standby region refused replicated records because it was promoted over the region shipping them: that region is
 * fenced. Thrown by the standby's {@link JournalReplica} and, on the shipping side, by the {@link ReplicationLink}
 * that received the refusal, so the shipping region learns that it must stop writing.
 */
public final class ReplicationRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "fenced by region ";

    private final String promotedRegion;

    public ReplicationRefusedException(String promotedRegion, String sourceRegion) {
        super(PREFIX + promotedRegion + ": region " + promotedRegion + " was promoted over region " + sourceRegion
                + ", which must stop writing until it is demoted and re-synchronised");
        this.promotedRegion = promotedRegion;
    }

    /** The region that was promoted. */
    public String promotedRegion() {
        return promotedRegion;
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
