package dev.cloudtest.core.exception;

import java.util.List;

/**
 * A local function's invocation failed: the handler threw, timed out, or its JVM could not run it. Carries the error
 * as Lambda reports it ({@code errorType}, {@code errorMessage}, {@code stackTrace}) and what the function printed
 * during the invocation.
 */
public final class LocalFunctionException extends CloudTestException {
    private static final long serialVersionUID = 1L;

    private final String logicalId;
    private final String functionName;
    private final String errorType;
    private final String errorMessage;
    private final List<String> stackTrace;
    private final String output;

    /** Used by cloudtest's local function host; not for users. */
    public LocalFunctionException(
            String logicalId,
            String functionName,
            String errorType,
            String errorMessage,
            List<String> stackTrace,
            String output) {
        super("Local function " + logicalId + (functionName.equals(logicalId) ? "" : " (" + functionName + ")")
                + " failed: " + errorType + ": " + errorMessage
                + (output.isBlank() ? "" : "\nFunction output:\n" + output.strip()));
        this.logicalId = logicalId;
        this.functionName = functionName;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.stackTrace = List.copyOf(stackTrace);
        this.output = output;
    }

    /** The function's logical id in its template, e.g. {@code PlaceOrderFunction}. */
    public String logicalId() {
        return logicalId;
    }

    /** The function's physical name in the deployed stack. */
    public String functionName() {
        return functionName;
    }

    /** Lambda's {@code errorType}: the exception class, or {@code Sandbox.Timedout} for a timeout. */
    public String errorType() {
        return errorType;
    }

    /** Lambda's {@code errorMessage}, e.g. {@code Task timed out after 3.00 seconds}. */
    public String errorMessage() {
        return errorMessage;
    }

    /** Lambda's {@code stackTrace}: one frame per entry. */
    public List<String> stackTrace() {
        return stackTrace;
    }

    /** What the function wrote to standard output and standard error during the invocation. */
    public String output() {
        return output;
    }
}
