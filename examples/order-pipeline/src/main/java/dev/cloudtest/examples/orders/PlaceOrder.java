package dev.cloudtest.examples.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code POST /orders} on an HTTP API (payload format 2.0): validates an order ({@code customerId}, {@code sku},
 * {@code quantity} 1-100), gives it an id, queues it for fulfilment and answers 202 with the id; an invalid order gets
 * 400 with the reason.
 */
public class PlaceOrder implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
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
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent request, Context context) {
        JsonNode order;
        try {
            order = JSON.readTree(body(request));
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

    /** The request body as text: an HTTP API base64-encodes bodies that are not sent as a text media type. */
    private static String body(APIGatewayV2HTTPEvent request) {
        if (request.getBody() == null) {
            return "";
        }
        return request.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(request.getBody()), StandardCharsets.UTF_8)
                : request.getBody();
    }

    private static APIGatewayV2HTTPResponse answer(int status, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(HEADERS)
                .withBody(body)
                .build();
    }
}
