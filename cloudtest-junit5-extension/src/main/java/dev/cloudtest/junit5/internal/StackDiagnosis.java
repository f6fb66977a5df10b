package dev.cloudtest.junit5.internal;

/**
 * Attached to a failed test's exception as suppressed, so that the stack events and logs appear in the failure's
 * report next to the original exception, whose type and message stay as they were (IDE diffs keep working).
 */
public final class StackDiagnosis extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A diagnosis with the given text and no stack trace of its own. */
    public StackDiagnosis(String summary) {
        super(summary, null, false, false);
    }
}
