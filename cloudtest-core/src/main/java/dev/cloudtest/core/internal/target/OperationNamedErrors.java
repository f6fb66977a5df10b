package dev.cloudtest.core.internal.target;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The SDK's errors say what went wrong but not which call it was ({@code Rate exceeded (Service: CloudFormation,
 * Status Code: 400)}, {@code Unable to execute HTTP request: Connection reset}). On every client cloudtest makes, an
 * error that survived the SDK's retries names the call and the error code first: {@code CloudFormation CreateStack
 * answered Throttling: Rate exceeded (...)}, {@code SQS DeleteQueue failed: Unable to execute HTTP request: ...}. The
 * exception keeps its type, error code, status and cause; only its message grows.
 */
final class OperationNamedErrors implements ExecutionInterceptor {
    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            AwsErrorDetails details = aws.awsErrorDetails();
            String message = details.errorMessage() == null ? "" : details.errorMessage();
            if (message.startsWith(call)) {
                return failure;
            }
            String code = details.errorCode() != null ? details.errorCode() : "HTTP " + aws.statusCode();
            String named = call + " answered " + code + ": " + message;
            return aws.toBuilder()
                    .message(named)
                    .awsErrorDetails(details.toBuilder().errorMessage(named).build())
                    .build();
        }
        if (failure instanceof SdkClientException client
                && !String.valueOf(client.getMessage()).startsWith(call)) {
            return client.toBuilder()
                    .message(call + " failed: " + client.getMessage())
                    .build();
        }
        return failure;
    }
}
