package dev.cloudtest.examples.quotes;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Prices a quote request from the topic, {@code {"quoteId": "q-1", "quantity": 3, "unitPriceCents": 250}}, into the
 * quotes table: its total, and a 10 % discount from 10 items on. A request that is not JSON is logged and dropped.
 */
public class PriceQuote implements RequestHandler<SNSEvent, Void> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DynamoDbClient dynamoDb = DynamoDbClient.create();
    private final String table = System.getenv("QUOTES_TABLE");

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            JsonNode request;
            try {
                request = JSON.readTree(record.getSNS().getMessage());
            } catch (IOException e) {
                context.getLogger().log("dropped a request that is not JSON: " + e.getMessage());
                continue;
            }
            long quantity = request.path("quantity").asLong();
            long total = quantity * request.path("unitPriceCents").asLong();
            if (quantity >= 10) {
                total = total * 9 / 10;
            }
            String quoteId = request.path("quoteId").asText();
            long priced = total;
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(Map.of(
                            "quoteId", AttributeValue.fromS(quoteId),
                            "totalCents", AttributeValue.fromN(Long.toString(priced)))));
        }
        return null;
    }
}
