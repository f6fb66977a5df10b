package dev.cloudtest.examples.stock;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Applies stock changes from the queue: {@code {"sku": "book-1", "delta": -2}} adds {@code delta} to the item's
 * {@code quantity}. A change without a sku or a numeric delta is reported as a batch item failure, so the queue
 * redelivers it and finally moves it to the dead-letter queue.
 */
public class ApplyStockUpdate implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DynamoDbClient dynamoDb = DynamoDbClient.create();
    private final String table = System.getenv("STOCK_TABLE");

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                JsonNode change = JSON.readTree(message.getBody());
                String sku = change.path("sku").asText("");
                if (sku.isEmpty() || !change.path("delta").isNumber()) {
                    throw new IllegalArgumentException("a stock change needs a sku and a numeric delta");
                }
                dynamoDb.updateItem(r -> r.tableName(table)
                        .key(Map.of("sku", AttributeValue.fromS(sku)))
                        .updateExpression("ADD quantity :delta")
                        .expressionAttributeValues(Map.of(
                                ":delta",
                                AttributeValue.fromN(
                                        Long.toString(change.path("delta").asLong())))));
            } catch (IOException | IllegalArgumentException e) {
                context.getLogger().log("rejected " + message.getMessageId() + ": " + e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
