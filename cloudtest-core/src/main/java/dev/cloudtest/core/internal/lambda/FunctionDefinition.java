package dev.cloudtest.core.internal.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a local function's JVM needs: the template's function, with the stack's physical name and its environment
 * resolved.
 *
 * @param logicalId the function's logical id in the template
 * @param functionName the deployed function's name
 * @param handler {@code package.Class::method} or {@code package.Class}
 * @param timeout the function's {@code Timeout}
 * @param memoryMegabytes the function's {@code MemorySize}
 * @param environment every environment variable of the function's JVM (the template's, resolved, and Lambda's own)
 * @param classpath the function's classpath, with the host's own classes, and what it is made of
 * @param java the {@code java} executable of the Java its {@code Runtime} names (or the one standing in)
 */
public record FunctionDefinition(
        String logicalId,
        String functionName,
        String handler,
        Duration timeout,
        int memoryMegabytes,
        Map<String, String> environment,
        FunctionClasspath.Classpath classpath,
        Path java) {

    public FunctionDefinition {
        environment = Map.copyOf(environment);
    }
}
