package dev.cloudtest.core.exception;

/**
 * No usable target: no credentials, an endpoint that does not answer, no emulator installed. The message says how
 * to get one. Test adapters fail the tests with it, or skip them where {@code cloudtest.skip-without-target=true}.
 */
public class TargetUnavailableException extends CloudTestException {
    private static final long serialVersionUID = 1L;

    public TargetUnavailableException(String message) {
        super(message);
    }

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
