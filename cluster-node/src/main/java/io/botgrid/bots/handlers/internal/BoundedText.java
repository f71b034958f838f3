package io.botgrid.bots.handlers.internal;

/**
 * Message text that stops a regular expression running past a deadline. A rules author can write a pattern that
 * backtracks for minutes on some input; the session actor's timeout would fail the message but not free the thread,
 * so the matcher itself is made to give up: every few thousand character reads check the clock.
 */
final class BoundedText implements CharSequence {
    /** Thrown through the matcher when the deadline has passed. */
    static final class TooSlowException extends RuntimeException {
        TooSlowException(String message) {
            super(message, null, false, false);
        }
    }

    private static final int CHECK_EVERY = 4096;

    private final String text;
    private final long deadlineNanos;
    private int reads;

    private BoundedText(String text, long deadlineNanos) {
        this.text = text;
        this.deadlineNanos = deadlineNanos;
    }

    /** {@code text} readable until {@code budgetNanos} from now. */
    static BoundedText of(String text, long budgetNanos) {
        return new BoundedText(text, System.nanoTime() + budgetNanos);
    }

    @Override
    public char charAt(int index) {
        if (++reads >= CHECK_EVERY) {
            reads = 0;
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new TooSlowException("matching took too long");
            }
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end); // used for group text, after matching
    }

    @Override
    public String toString() {
        return text;
    }
}
