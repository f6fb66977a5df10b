package dev.cloudtest.examples.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Fulfils queued orders: records each in the orders table and announces {@code OrderPlaced} on the orders bus.
 * Reports the messages it could not handle, so that only those are retried (and end in the dead-letter queue).
 */
public class FulfilOrder implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamoDb = DynamoDbClient.create();
    private final EventBridgeClient events = EventBridgeClient.create();
    private final String table = System.getenv("ORDERS_TABLE");
    private final String bus = System.getenv("ORDERS_BUS");

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                fulfil(JSON.readTree(message.getBody()));
            } catch (Exception e) {
                context.getLogger().log("cannot fulfil " + message.getMessageId() + ": " + e);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private void fulfil(JsonNode order) {
        String orderId = order.get("orderId").asText();
        dynamoDb.putItem(r -> r.tableName(table)
                .item(Map.of(
                        "orderId", AttributeValue.fromS(orderId),
                        "customerId",
                                AttributeValue.fromS(order.get("customerId").asText()),
                        "sku", AttributeValue.fromS(order.get("sku").asText()),
                        "quantity",
                                AttributeValue.fromN(
                                        Integer.toString(order.get("quantity").asInt())),
                        "status", AttributeValue.fromS("FULFILLED"))));
        var response = events.putEvents(r -> r.entries(PutEventsRequestEntry.builder()
                .eventBusName(bus)
                .source("orders.fulfilment")
                .detailType("OrderPlaced")
                .detail(order.toString())
                .build()));
        if (response.failedEntryCount() > 0) {
            throw new IllegalStateException("OrderPlaced was not accepted by " + bus);
        }
    }
}
