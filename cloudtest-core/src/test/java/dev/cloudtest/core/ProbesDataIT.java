package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.journey.Probes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** The item, count and object probes against moto: they return what appears, and say what they saw instead. */
class ProbesDataIT {
    private static final Duration SHORT = Duration.ofMillis(1500);

    private static CloudTestRun run;
    private static Stack stack;
    private static Probes probes;
    private static DynamoDbClient dynamo;
    private static S3Client s3;

    @BeforeAll
    static void provision() {
        run = CloudTestRun.start(TestTargets.moto().build());
        stack = run.provision(
                StackSpec.builder().templateResource("stacks/data.yaml").build());
        probes = run.probes();
        dynamo = run.session().client(DynamoDbClient.class);
        s3 = run.session().client(S3Client.class);
    }

    @AfterAll
    static void tearDown() {
        run.close();
    }

    @Test
    void item_matching_returns_the_item_once_it_matches() {
        String table = stack.output("ItemTable");
        putItem(table, "o-1", "pending");
        CompletableFuture<Void> fulfilment = CompletableFuture.runAsync(() -> putItem(table, "o-1", "done"));

        Map<String, AttributeValue> item =
                probes.awaitItemMatching(table, key("o-1"), "with state done", i -> state(i).equals("done"));

        assertThat(item).containsEntry("state", AttributeValue.fromS("done"));
        fulfilment.join();
    }

    @Test
    void item_matching_times_out_with_the_item_seen_instead() {
        String table = stack.output("ItemTable");
        putItem(table, "o-2", "pending");

        assertThatThrownBy(() -> probes.atMost(SHORT)
                        .awaitItemMatching(table, key("o-2"), "with state done", i -> state(i).equals("done")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected item {id=\"o-2\"} in table " + table + " with state done within 1.5 s")
                .hasMessageContaining("last seen: {id=\"o-2\", state=\"pending\"}");
    }

    @Test
    void item_matching_times_out_saying_the_item_does_not_exist() {
        String table = stack.output("ItemTable");

        assertThatThrownBy(() -> probes.atMost(SHORT).awaitItemMatching(table, key("o-404"), i -> true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected item {id=\"o-404\"} in table " + table + " to match the condition")
                .hasMessageContaining("the item does not exist");
    }

    @Test
    void a_condition_that_throws_counts_as_not_matching_and_is_reported() {
        String table = stack.output("ItemTable");
        dynamo.putItem(r -> r.tableName(table).item(key("o-3")));

        assertThatThrownBy(() -> probes.atMost(SHORT)
                        .awaitItemMatching(table, key("o-3"), "with state done", i -> i.get("state")
                                .s()
                                .equals("done")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("last seen: {id=\"o-3\"}")
                .hasMessageContaining("the last check failed: java.lang.NullPointerException");
    }

    @Test
    void item_count_returns_once_the_table_holds_that_many_items() {
        String table = stack.output("CountedTable");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 3; i++) {
                putItem(table, "c-" + i, "new");
            }
        });

        assertThat(probes.awaitItemCount(table, 3)).isEqualTo(3);
        writer.join();
    }

    @Test
    void item_count_times_out_with_the_count_seen_instead() {
        String table = stack.output("ShortTable");
        putItem(table, "s-1", "new");

        assertThatThrownBy(() -> probes.atMost(SHORT).awaitItemCount(table, 2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 2 items in table " + table + " within 1.5 s; counted 1 instead");
    }

    @Test
    void object_matching_returns_the_content_once_it_matches() {
        String bucket = stack.output("BucketName");
        putObject(bucket, "invoices/1.json", "{\"status\":\"PENDING\"}");
        CompletableFuture<Void> payment =
                CompletableFuture.runAsync(() -> putObject(bucket, "invoices/1.json", "{\"status\":\"PAID\"}"));

        String content = probes.awaitObjectMatching(bucket, "invoices/1.json", c -> c.contains("PAID"));

        assertThat(content).isEqualTo("{\"status\":\"PAID\"}");
        payment.join();
    }

    @Test
    void object_matching_times_out_with_the_content_seen_instead() {
        String bucket = stack.output("BucketName");
        putObject(bucket, "invoices/2.json", "{\"status\":  \"PENDING\"}");

        assertThatThrownBy(() -> probes.atMost(SHORT)
                        .awaitObjectMatching(bucket, "invoices/2.json", "with status PAID", c -> c.contains("PAID")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "expected object s3://" + bucket + "/invoices/2.json with status PAID within 1.5 s")
                .hasMessageContaining("last content: {\"status\": \"PENDING\"}");
    }

    @Test
    void object_matching_times_out_saying_the_object_does_not_exist() {
        String bucket = stack.output("BucketName");

        assertThatThrownBy(() -> probes.atMost(SHORT).awaitObjectMatching(bucket, "missing.txt", c -> true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the object does not exist");
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    private static String state(Map<String, AttributeValue> item) {
        AttributeValue state = item.get("state");
        return state == null ? "" : state.s();
    }

    private static void putItem(String table, String id, String state) {
        dynamo.putItem(r ->
                r.tableName(table).item(Map.of("id", AttributeValue.fromS(id), "state", AttributeValue.fromS(state))));
    }

    private static void putObject(String bucket, String key, String content) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content));
    }
}
