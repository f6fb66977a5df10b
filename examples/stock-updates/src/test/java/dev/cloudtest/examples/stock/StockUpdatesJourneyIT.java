package dev.cloudtest.examples.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.Stack;
import dev.cloudtest.core.journey.CapturedMessage;
import dev.cloudtest.core.journey.MessageCapture;
import dev.cloudtest.core.journey.Probes;
import dev.cloudtest.junit5.CloudStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The stock journey on the SAM template as written: changes put on the queue are applied to the stock table; a
 * malformed change ends in the dead-letter queue and changes nothing. On the emulator cloudtest expands the SAM
 * template and runs the function locally for its SQS event; on a sandbox account the same test runs against Lambda.
 */
@CloudStack(template = "template.yaml")
class StockUpdatesJourneyIT {
    private static Map<String, String> outputs;
    private static Probes probes;
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void connect(Stack stack, Probes injected, SqsClient sqsClient, DynamoDbClient dynamoClient) {
        outputs = stack.outputs();
        probes = injected;
        sqs = sqsClient;
        dynamo = dynamoClient;
    }

    @Test
    void stock_changes_on_the_queue_are_applied_to_the_table() {
        for (String change : List.of("{\"sku\": \"book-1\", \"delta\": 7}", "{\"sku\": \"book-1\", \"delta\": -2}")) {
            sqs.sendMessage(r -> r.queueUrl(outputs.get("StockUpdatesQueueUrl")).messageBody(change));
        }

        Map<String, AttributeValue> item = probes.awaitItemMatching(
                outputs.get("StockTableName"),
                Map.of("sku", AttributeValue.fromS("book-1")),
                "with quantity 5",
                i -> i.get("quantity").n().equals("5"));

        assertThat(item.get("quantity").n()).isEqualTo("5");
        assertThat(outputs.get("ApplyStockUpdateFunctionArn")).contains(":function:");
    }

    @Test
    void a_malformed_change_ends_in_the_dead_letter_queue_and_changes_nothing() {
        sqs.sendMessage(r -> r.queueUrl(outputs.get("StockUpdatesQueueUrl")).messageBody("{\"sku\": \"pen-3\"}"));

        try (MessageCapture deadLetters = probes.queue(outputs.get("DeadLetterQueueUrl"))) {
            CapturedMessage dead = deadLetters.awaitMessage(
                    "the malformed change, after three attempts",
                    m -> m.body().contains("pen-3"),
                    Duration.ofSeconds(60));
            assertThat(dead.body()).isEqualTo("{\"sku\": \"pen-3\"}");
        }
        assertThat(dynamo.getItem(r -> r.tableName(outputs.get("StockTableName"))
                                .key(Map.of("sku", AttributeValue.fromS("pen-3"))))
                        .item())
                .isEmpty();
    }
}
