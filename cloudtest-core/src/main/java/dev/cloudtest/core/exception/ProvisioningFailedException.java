package dev.cloudtest.core.exception;

import java.util.Optional;

/**
 * A stack could not be provisioned. {@link #diagnosis()} says why in one paragraph: the first resource that failed,
 * its type and CloudFormation's reason (not an event dump). The failed stack has been torn down unless
 * {@code cloudtest.keep} says to keep it.
 */
public class ProvisioningFailedException extends CloudTestException {
    private static final long serialVersionUID = 1L;

    private final String stackName;
    private final String diagnosis;
    private final String failedResource;

    public ProvisioningFailedException(String stackName, String diagnosis, String failedResource, Throwable cause) {
        super("Provisioning stack " + stackName + " failed: " + diagnosis, cause);
        this.stackName = stackName;
        this.diagnosis = diagnosis;
        this.failedResource = failedResource;
    }

    /** The stack's name. */
    public String stackName() {
        return stackName;
    }

    /** Why it failed, in one paragraph. */
    public String diagnosis() {
        return diagnosis;
    }

    /** The logical id of the first resource that failed, when one is known. */
    public Optional<String> failedResource() {
        return Optional.ofNullable(failedResource);
    }
}
