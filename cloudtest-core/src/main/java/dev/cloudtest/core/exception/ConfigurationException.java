package dev.cloudtest.core.exception;

/**
 * Invalid input from the user: a configuration value, a template, a parameter. The message names the offending
 * value, where it came from and how to fix it. Nothing has been created in the cloud when this is thrown.
 */
public class ConfigurationException extends CloudTestException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
