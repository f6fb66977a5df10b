package dev.cloudtest.examples.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code POST /orders}: validates an order ({@code customerId}, {@code sku}, {@code quantity} 1-100), gives it an id,
 * queues it for fulfilment and answers 202 with the id; an invalid order gets 400 with the reason.
 */
public class PlaceOrder implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");

    private final Consumer<String> queue;

    /** As Lambda creates it: queues to {@code ORDERS_QUEUE_URL} with a default SDK client. */
    public PlaceOrder() {
        SqsClient sqs = SqsClient.create();
        String queueUrl = System.getenv("ORDERS_QUEUE_URL");
        this.queue = body -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
    }

    /** For unit tests: queues to the given consumer. */
    PlaceOrder(Consumer<String> queue) {
        this.queue = queue;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        JsonNode order;
        try {
            order = JSON.readTree(request.getBody() == null ? "" : request.getBody());
        } catch (Exception e) {
            return answer(400, "{\"error\": \"the body is not JSON\"}");
        }
        String problem = problem(order);
        if (problem != null) {
            return answer(400, JSON.createObjectNode().put("error", problem).toString());
        }
        String orderId = "ord-" + UUID.randomUUID();
        ObjectNode placed = JSON.createObjectNode()
                .put("orderId", orderId)
                .put("customerId", order.get("customerId").asText())
                .put("sku", order.get("sku").asText())
                .put("quantity", order.get("quantity").asInt());
        queue.accept(placed.toString());
        return answer(202, JSON.createObjectNode().put("orderId", orderId).toString());
    }

    static String problem(JsonNode order) {
        if (order == null || !order.isObject()) {
            return "an order is a JSON object";
        }
        for (String field : new String[] {"customerId", "sku"}) {
            if (!order.path(field).isTextual() || order.path(field).asText().isBlank()) {
                return field + " is required";
            }
        }
        int quantity = order.path("quantity").asInt(0);
        if (!order.path("quantity").isInt() || quantity < 1 || quantity > 100) {
            return "quantity must be a whole number from 1 to 100";
        }
        return null;
    }

    private static APIGatewayProxyResponseEvent answer(int status, String body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(HEADERS)
                .withBody(body);
    }
}
