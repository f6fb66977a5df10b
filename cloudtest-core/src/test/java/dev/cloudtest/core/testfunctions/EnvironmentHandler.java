package dev.cloudtest.core.testfunctions;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Answers its environment and sends a message with a plain SDK client, built without any endpoint: only
 * AWS_ENDPOINT_URL can bring it to the emulator.
 */
public class EnvironmentHandler {
    public Map<String, String> handle(Map<String, Object> event) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : new String[] {
            "QUEUE_URL",
            "QUEUE_ARN",
            "TABLE_NAME",
            "GREETING",
            "AWS_REGION",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_TIMEOUT",
            "AWS_ENDPOINT_URL"
        }) {
            result.put(name, System.getenv(name));
        }
        try (SqsClient sqs = SqsClient.create()) {
            result.put(
                    "sentMessageId",
                    sqs.sendMessage(r -> r.queueUrl(System.getenv("QUEUE_URL"))
                                    .messageBody(String.valueOf(event.get("message"))))
                            .messageId());
        }
        return result;
    }
}
