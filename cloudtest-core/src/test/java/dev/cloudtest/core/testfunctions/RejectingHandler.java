package dev.cloudtest.core.testfunctions;

import java.util.Map;

/** A POJO handler (a map, no aws-lambda-java-core) that prints the order it got and always rejects it. */
public class RejectingHandler {
    @SuppressWarnings("unchecked")
    public String handleRequest(Map<String, Object> event) {
        Object order = ((Map<String, Object>) event.getOrDefault("detail", Map.of())).get("orderId");
        System.out.println("rejecting " + order);
        throw new IllegalStateException("order " + order + " rejected");
    }
}
