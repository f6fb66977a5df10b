package dev.cloudtest.core.testfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * A handler that invokes another function with the SDK, as handler code does ({@code LambdaClient.create()}, the
 * endpoint from the environment): {@code mode} {@code sync} answers the other function's result, {@code async}
 * queues the event and answers the status code.
 */
public class CallerHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LambdaClient lambda = LambdaClient.create();

    public String handleRequest(Map<String, Object> event) throws JsonProcessingException {
        String target = System.getenv("PRICING_FUNCTION");
        boolean async = "async".equals(event.get("mode"));
        String payload = JSON.writeValueAsString(event);
        InvokeResponse response = lambda.invoke(r -> r.functionName(target)
                .invocationType(async ? "Event" : "RequestResponse")
                .payload(SdkBytes.fromUtf8String(payload)));
        return async ? "queued " + response.statusCode() : response.payload().asUtf8String();
    }
}
