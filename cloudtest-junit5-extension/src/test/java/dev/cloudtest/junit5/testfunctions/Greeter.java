package dev.cloudtest.junit5.testfunctions;

import java.util.Map;

/** A Lambda handler without aws-lambda-java-core: greets the event's name with the function's own name. */
public class Greeter {
    public Map<String, String> handleRequest(Map<String, String> event) {
        return Map.of("greeting", "hello " + event.get("name"), "function", System.getenv("AWS_LAMBDA_FUNCTION_NAME"));
    }
}
