package dev.cloudtest.core;

import static dev.cloudtest.core.journey.MessageCaptureAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.journey.CapturedMessage;
import dev.cloudtest.core.journey.MessageCapture;
import dev.cloudtest.core.journey.Probes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Each probe against moto: it sees what the system does, says what it saw instead on timeout, and cleans up. */
class ProbesIT {
    private static final Duration SHORT = Duration.ofMillis(1500);

    private static CloudTestRun run;
    private static Stack stack;
    private static Probes probes;

    @BeforeAll
    static void provision() {
        run = CloudTestRun.start(TestTargets.moto().build());
        stack = run.provision(
                StackSpec.builder().templateResource("stacks/messaging.yaml").build());
        probes = run.probes();
    }

    @AfterAll
    static void tearDown() {
        run.close();
    }

    @Test
    void queue_probe_sees_an_s3_notification() {
        try (MessageCapture queue = probes.queue(stack.output("QueueUrl"))) {
            run.session()
                    .client(S3Client.class)
                    .putObject(
                            r -> r.bucket(stack.output("BucketName")).key("report.pdf"),
                            RequestBody.fromString("%PDF"));

            assertThat(queue).eventually().hasMessageMatching("an ObjectCreated event for report.pdf", m -> m.at(
                            "/Records/0/s3/object/key")
                    .orElse("")
                    .equals("report.pdf"));
        }
    }

    @Test
    void timeout_message_says_what_was_expected_and_what_was_seen_instead() {
        SqsClient sqs = run.session().client(SqsClient.class);
        try (MessageCapture queue = probes.queue(stack.output("QueueUrl"))) {
            sqs.sendMessage(r -> r.queueUrl(stack.output("QueueUrl")).messageBody("{\"orderId\": \"41\"}"));

            assertThatThrownBy(() -> queue.awaitMessage(
                            "order 42", m -> m.at("/orderId").orElse("").equals("42"), SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected order 42 within 1.5 s on queue")
                    .hasMessageContaining("captured ")
                    .hasMessageContaining("{\"orderId\": \"41\"}");
        }
    }

    @Test
    void topic_capture_receives_published_messages_and_removes_its_queue_and_subscription() {
        SnsClient sns = run.session().client(SnsClient.class);
        String topic = stack.output("TopicArn");
        MessageCapture capture = probes.topic(topic);
        String captureQueue = capture.queueUrl();

        sns.publish(r -> r.topicArn(topic).message("{\"documentId\": \"d-1\"}"));
        CapturedMessage message = capture.awaitMessage(
                "document d-1", m -> m.at("/documentId").orElse("").equals("d-1"));
        capture.close();

        assertThat(message.payload()).isEqualTo("{\"documentId\": \"d-1\"}");
        assertThat(run.session().client(SqsClient.class).listQueues().queueUrls())
                .doesNotContain(captureQueue);
        assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions())
                .isEmpty();
    }

    @Test
    void topic_capture_times_out_with_the_messages_it_saw() {
        String topic = stack.output("TopicArn");
        try (MessageCapture capture = probes.topic(topic)) {
            run.session().client(SnsClient.class).publish(r -> r.topicArn(topic).message("unrelated"));

            assertThatThrownBy(
                            () -> assertThat(capture).atMost(SHORT).hasMessageMatching("document d-9", m -> m.payload()
                                    .contains("d-9")))
                    .hasMessageContaining("expected document d-9")
                    .hasMessageContaining("unrelated");
        }
    }

    @Test
    void event_bus_capture_sees_only_events_matching_its_pattern_and_removes_its_rule() {
        EventBridgeClient events = run.session().client(EventBridgeClient.class);
        String bus = stack.output("BusName");
        MessageCapture capture = probes.eventBus(bus, "{\"detail-type\": [\"OrderPlaced\"]}");

        events.putEvents(r -> r.entries(List.of(
                PutEventsRequestEntry.builder()
                        .eventBusName(bus)
                        .source("shop")
                        .detailType("OrderCancelled")
                        .detail("{\"orderId\": \"7\"}")
                        .build(),
                PutEventsRequestEntry.builder()
                        .eventBusName(bus)
                        .source("shop")
                        .detailType("OrderPlaced")
                        .detail("{\"orderId\": \"42\"}")
                        .build())));

        assertThat(capture).eventually().hasMessageMatching("OrderPlaced for order 42", m -> m.at("/detail/orderId")
                .orElse("")
                .equals("42"));
        assertThat(capture).during(SHORT).hasNoMessageMatching("OrderCancelled event", m -> m.at("/detail-type")
                .orElse("")
                .equals("OrderCancelled"));
        capture.close();

        assertThat(events.listRules(r -> r.eventBusName(bus)).rules())
                .noneMatch(rule -> rule.name().startsWith("ct-probe-"));
    }

    @Test
    void parallel_captures_on_one_topic_each_see_only_what_their_filter_asks() throws Exception {
        String topic = stack.output("TopicArn");
        SnsClient sns = run.session().client(SnsClient.class);
        try (MessageCapture red = probes.topic(topic, "{\"colour\": [\"red\"]}");
                MessageCapture blue = probes.topic(topic, "{\"colour\": [\"blue\"]}")) {
            CompletableFuture<CapturedMessage> redSeen =
                    CompletableFuture.supplyAsync(() -> red.awaitMessage("a red message", m -> true));
            CompletableFuture<CapturedMessage> blueSeen =
                    CompletableFuture.supplyAsync(() -> blue.awaitMessage("a blue message", m -> true));
            for (String colour : List.of("red", "blue")) {
                sns.publish(r -> r.topicArn(topic)
                        .message(colour)
                        .messageAttributes(Map.of(
                                "colour",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue(colour)
                                        .build())));
            }

            assertThat(redSeen.get().payload()).isEqualTo("red");
            assertThat(blueSeen.get().payload()).isEqualTo("blue");
            assertThat(red).during(SHORT).hasNoMessageMatching("a blue message", m -> m.payload()
                    .equals("blue"));
            assertThat(blue.messages()).extracting(CapturedMessage::payload).containsExactly("blue");
        }
    }

    @Test
    void item_and_object_probes_return_what_appears() {
        run.session().client(DynamoDbClient.class).putItem(r -> r.tableName(stack.output("TableName"))
                .item(Map.of("id", AttributeValue.fromS("i-1"), "state", AttributeValue.fromS("done"))));
        run.session()
                .client(S3Client.class)
                .putObject(
                        r -> r.bucket(stack.output("BucketName")).key("out/result.txt"), RequestBody.fromString("ok"));

        assertThat(probes.awaitItem(stack.output("TableName"), Map.of("id", AttributeValue.fromS("i-1"))))
                .containsEntry("state", AttributeValue.fromS("done"));
        assertThat(new String(probes.awaitObject(stack.output("BucketName"), "out/result.txt")))
                .isEqualTo("ok");
    }

    @Test
    void no_probe_resource_is_left_after_close() {
        String bus = stack.output("BusName");
        probes.topic(stack.output("TopicArn")).close();
        probes.eventBus(bus, "{\"source\": [\"x\"]}").close();

        assertThat(run.session()
                        .client(SqsClient.class)
                        .listQueues(r -> r.queueNamePrefix("ct-probe-" + run.runId()))
                        .queueUrls())
                .isEmpty();
        assertThat(run.session()
                        .client(EventBridgeClient.class)
                        .listRules(r -> r.eventBusName(bus))
                        .rules())
                .isEmpty();
    }
}
