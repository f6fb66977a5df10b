package dev.cloudtest.core.exception;

/**
 * No usable target: no credentials, an endpoint that does not answer, no emulator installed. The message says how
 * to get one. Test adapters skip tests on this exception unless {@code cloudtest.require-target=true}.
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
