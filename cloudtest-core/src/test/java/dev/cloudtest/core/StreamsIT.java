package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.journey.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * DynamoDB Streams and Kinesis event source mappings, polled for the local functions as Lambda's poller does, from a
 * template in a team's shape: every field of the typed events, filters, partial batch failures, bisection and the
 * on-failure destination; and the negative twin with the mappings unplugged.
 */
class StreamsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "streams/orders-and-clicks.yaml";

    @Test
    void table_writes_reach_the_function_as_dynamodb_events_and_a_filter_keeps_out_drafts() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(
                    StackSpec.builder().id("ddb").templateResource(TEMPLATE).build());
            assertThat(run.session()
                            .client(LambdaClient.class)
                            .listEventSourceMappings()
                            .eventSourceMappings())
                    .as("moto holds no stream mapping: it would consume the stream itself")
                    .noneMatch(m ->
                            m.eventSourceArn() != null && m.eventSourceArn().contains(stack.output("TableName")));
            DynamoDbClient dynamo = run.session().client(DynamoDbClient.class);
            String table = stack.output("TableName");
            long before = System.currentTimeMillis() - 2000;

            dynamo.putItem(r -> r.tableName(table).item(item("o-1", "open", "2")));
            dynamo.putItem(r -> r.tableName(table).item(item("o-2", "draft", "1")));
            dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of("id", AttributeValue.fromS("o-1")))
                    .updateExpression("SET #s = :s")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("paid"))));
            dynamo.deleteItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("o-1"))));

            List<JsonNode> seen = receive(run, stack.output("SeenQueueUrl"), 3);
            assertThat(seen)
                    .extracting(n -> n.path("eventName").asText())
                    .containsExactly("INSERT", "MODIFY", "REMOVE");
            JsonNode insert = seen.get(0);
            assertThat(insert.path("id").asText()).isEqualTo("o-1");
            assertThat(insert.path("newStatus").asText()).isEqualTo("open");
            assertThat(insert.path("quantity").asText()).isEqualTo("2");
            assertThat(insert.path("oldStatus").isNull()).isTrue();
            assertThat(insert.path("eventSource").asText()).isEqualTo("aws:dynamodb");
            assertThat(insert.path("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(insert.path("streamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
            assertThat(insert.path("eventSourceARN").asText())
                    .isEqualTo(dynamo.describeTable(r -> r.tableName(table))
                            .table()
                            .latestStreamArn());
            assertThat(insert.path("createdEpochMillis").asLong())
                    .as("ApproximateCreationDateTime in epoch seconds, read as a Date")
                    .isBetween(before, System.currentTimeMillis())
                    .matches(ms -> ms % 1000 == 0, "whole seconds");
            assertThat(seen.get(1).path("oldStatus").asText()).isEqualTo("open");
            assertThat(seen.get(1).path("newStatus").asText()).isEqualTo("paid");
            assertThat(seen.get(2).path("oldStatus").asText()).isEqualTo("paid");
            assertThat(seen.get(2).path("newStatus").isNull()).isTrue();
            assertThat(seen)
                    .as("the draft was filtered out")
                    .noneMatch(n -> n.path("id").asText().equals("o-2"));
            run.teardown(stack);
        }
    }

    @Test
    void a_poison_click_is_isolated_retried_and_sent_to_the_failure_destination_and_only_it_is_retried()
            throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(
                    StackSpec.builder().id("kinesis").templateResource(TEMPLATE).build());
            KinesisClient kinesis = run.session().client(KinesisClient.class);

            var put = kinesis.putRecords(r -> r.streamName(stack.output("StreamName"))
                    .records(entry("first", "k1"), entry("poison", "k2"), entry("last", "k3")));
            String poisonSequence = put.records().get(1).sequenceNumber();

            JsonNode failure = JSON.readTree(
                    receiveBodies(run, stack.output("FailedClicksUrl"), 1).get(0));
            assertThat(failure.path("requestContext").path("condition").asText())
                    .isEqualTo("RetryAttemptsExhausted");
            assertThat(failure.path("requestContext")
                            .path("approximateInvokeCount")
                            .asInt())
                    .as("the first attempt and MaximumRetryAttempts: 2")
                    .isEqualTo(3);
            JsonNode batch = failure.path("KinesisBatchInfo");
            assertThat(batch.path("batchSize").asInt())
                    .as("bisected down to the poison record")
                    .isEqualTo(1);
            assertThat(batch.path("startSequenceNumber").asText()).isEqualTo(poisonSequence);
            assertThat(batch.path("streamArn").asText()).endsWith(":stream/" + stack.output("StreamName"));

            List<JsonNode> seen = receive(run, stack.output("SeenQueueUrl"), 7);
            assertThat(seen)
                    .filteredOn(n -> n.path("data").asText().equals("first"))
                    .as("a partial batch failure retries only from the failed record on")
                    .hasSize(1);
            assertThat(seen)
                    .filteredOn(n -> n.path("data").asText().equals("poison"))
                    .hasSize(4);
            assertThat(seen)
                    .filteredOn(n -> n.path("data").asText().equals("last"))
                    .as("once in the first batch, once in its own half after the bisection")
                    .hasSize(2);
            JsonNode first = seen.get(0);
            assertThat(first.path("partitionKey").asText()).isEqualTo("k1");
            assertThat(first.path("sequenceNumber").asText())
                    .isEqualTo(put.records().get(0).sequenceNumber());
            assertThat(first.path("eventSource").asText()).isEqualTo("aws:kinesis");
            assertThat(first.path("eventName").asText()).isEqualTo("aws:kinesis:record");
            assertThat(first.path("eventID").asText())
                    .isEqualTo(put.records().get(0).shardId() + ":"
                            + first.path("sequenceNumber").asText());
            assertThat(first.path("eventSourceARN").asText())
                    .isEqualTo(batch.path("streamArn").asText());
            assertThat(first.path("arrivalEpochMillis").asLong()).isPositive();
            run.teardown(stack);
        }
    }

    @Test
    void sam_dynamodb_and_kinesis_events_read_their_streams() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("sam-stream")
                    .templateResource("streams/sam-order-events.yaml")
                    .build());
            DynamoDbClient dynamo = run.session().client(DynamoDbClient.class);
            String table = stack.output("TableName");

            dynamo.putItem(r -> r.tableName(table).item(item("o-7", "open", "3")));
            dynamo.deleteItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("o-7"))));
            dynamo.putItem(r -> r.tableName(table).item(item("o-8", "open", "4")));

            List<JsonNode> seen = receive(run, stack.output("SeenQueueUrl"), 2);
            assertThat(seen).extracting(n -> n.path("id").asText()).containsExactly("o-7", "o-8");
            assertThat(seen).allMatch(n -> n.path("eventName").asText().equals("INSERT"));
            assertThat(seen.get(0).path("streamViewType").asText()).isEqualTo("NEW_IMAGE");

            run.session().client(KinesisClient.class).putRecords(r -> r.streamName(stack.output("StreamName"))
                    .records(entry("clicked", "k1")));
            JsonNode click = receive(run, stack.output("SeenQueueUrl"), 1).get(0);
            assertThat(click.path("data").asText()).as("a SAM Kinesis event").isEqualTo("clicked");
            assertThat(click.path("eventSource").asText()).isEqualTo("aws:kinesis");
            run.teardown(stack);
        }
    }

    @Test
    void with_the_mappings_unplugged_no_write_reaches_a_function() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("unplugged")
                    .templateResource(TEMPLATE)
                    .parameter("Wire", "false")
                    .build());
            run.session().client(DynamoDbClient.class).putItem(r -> r.tableName(stack.output("TableName"))
                    .item(item("o-3", "open", "1")));
            run.session().client(KinesisClient.class).putRecords(r -> r.streamName(stack.output("StreamName"))
                    .records(entry("poison", "k1")));

            SqsClient sqs = run.session().client(SqsClient.class);
            Eventually.await("nothing seen, nothing failed")
                    .during(Duration.ofSeconds(5))
                    .until(
                            () -> sqs.receiveMessage(r -> r.queueUrl(stack.output("SeenQueueUrl")))
                                            .messages()
                                            .size()
                                    + sqs.receiveMessage(r -> r.queueUrl(stack.output("FailedClicksUrl")))
                                            .messages()
                                            .size(),
                            n -> n == 0);
            run.teardown(stack);
        }
    }

    private static Map<String, AttributeValue> item(String id, String status, String quantity) {
        return Map.of(
                "id", AttributeValue.fromS(id),
                "status", AttributeValue.fromS(status),
                "quantity", AttributeValue.fromN(quantity));
    }

    private static PutRecordsRequestEntry entry(String data, String key) {
        return PutRecordsRequestEntry.builder()
                .data(SdkBytes.fromUtf8String(data))
                .partitionKey(key)
                .build();
    }

    private static List<JsonNode> receive(CloudTestRun run, String queueUrl, int count) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String body : receiveBodies(run, queueUrl, count)) {
            nodes.add(JSON.readTree(body));
        }
        return nodes;
    }

    private static List<String> receiveBodies(CloudTestRun run, String queueUrl, int count) {
        return QueueMessages.bodies(run, queueUrl, count, Duration.ofSeconds(45));
    }
}
