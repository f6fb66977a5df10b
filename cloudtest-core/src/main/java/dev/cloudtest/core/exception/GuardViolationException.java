package dev.cloudtest.core.exception;

import java.util.Objects;

/**
 * A guard refused an operation before any mutating call was made. The message names the guard, the offending
 * value and the property that would allow it.
 */
public class GuardViolationException extends CloudTestException {
    private static final long serialVersionUID = 1L;

    private final String guard;
    private final String offendingValue;

    public GuardViolationException(String guard, String offendingValue, String message) {
        super("[guard " + guard + "] " + message);
        this.guard = Objects.requireNonNull(guard, "guard");
        this.offendingValue = Objects.requireNonNull(offendingValue, "offendingValue");
    }

    /** The guard that refused: {@code account}, {@code region}, {@code account-alias}, {@code marker}, {@code ownership}, {@code names}, {@code tags}. */
    public String guard() {
        return guard;
    }

    /** The value the guard refused (an account id, a region, a stack name, a tag key...). */
    public String offendingValue() {
        return offendingValue;
    }
}
