package dev.cloudtest.core;

import dev.cloudtest.core.exception.LocalFunctionException;
import java.time.Duration;

/**
 * A Java Lambda function of a provisioned stack that cloudtest runs locally, in a child JVM of its own, with the
 * function's environment variables resolved from the stack. Its SQS event sources are polled for it; tests can also
 * invoke it directly:
 *
 * <pre>{@code
 * LocalFunction placeOrder = run.localFunction(stack, "PlaceOrderFunction");
 * String response = placeOrder.invoke("{\"sku\": \"book-1\", \"quantity\": 2}");
 * }</pre>
 *
 * <p>Invocations of one function run one at a time, as in one Lambda execution environment. Obtained from {@link
 * CloudTestRun#localFunction(Stack, String)}; stopped with the stack's teardown or the run.
 */
public interface LocalFunction {

    /** The function's logical id in the template. */
    String logicalId();

    /** The deployed function's name (its physical id), which is also {@code AWS_LAMBDA_FUNCTION_NAME}. */
    String functionName();

    /** The handler, e.g. {@code com.example.PlaceOrder::handleRequest}. */
    String handler();

    /** The function's timeout ({@code Timeout}, default 3 s): longer invocations are ended, as Lambda does. */
    Duration timeout();

    /**
     * Invokes the function synchronously with an event, as Lambda's {@code RequestResponse} invocation does.
     *
     * @param eventJson the event, as JSON
     * @return the handler's result, serialised as JSON ({@code null} for a void handler)
     * @throws LocalFunctionException when the handler throws, times out or its JVM dies; it carries Lambda's error
     *     fields and what the function printed
     */
    String invoke(String eventJson);
}
