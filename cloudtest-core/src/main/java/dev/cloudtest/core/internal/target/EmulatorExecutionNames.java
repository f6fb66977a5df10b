package dev.cloudtest.core.internal.target;

import java.util.UUID;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * Step Functions names an execution started without a name with a UUID; moto's executing backend names it {@code
 * None}, so the second such execution of a state machine fails with {@code ExecutionAlreadyExists}. On emulator
 * targets, a {@code StartExecution} without a name gets the UUID that AWS would give it. On AWS this interceptor is
 * not installed.
 */
final class EmulatorExecutionNames implements ExecutionInterceptor {
    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
        if (context.request() instanceof StartExecutionRequest start && start.name() == null) {
            return start.toBuilder().name(UUID.randomUUID().toString()).build();
        }
        return context.request();
    }
}
