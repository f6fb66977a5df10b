package dev.cloudtest.core.exception;

/** Base of every exception cloudtest throws; each subtype is a kind of failure the user can act on. */
public class CloudTestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CloudTestException(String message) {
        super(message);
    }

    public CloudTestException(String message, Throwable cause) {
        super(message, cause);
    }
}
