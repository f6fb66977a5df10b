package dev.cloudtest.core;

import dev.cloudtest.core.internal.RunIds;
import dev.cloudtest.core.internal.stack.StackTags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The journey toolkit's probes: observe the asynchronous effects of a deployed system. Captures that need resources
 * of their own (a temporary queue subscribed to a topic, a temporary rule on an event bus) create them tagged with the
 * run's ownership tags, so the sweeper removes them if the JVM dies, and remove them on {@code close()}.
 *
 * <p>Get one from {@link CloudTestRun#probes()} (or have the JUnit extension inject it).
 */
public final class Probes {
    private final CloudSession session;
    private final CloudTestConfig config;

    Probes(CloudSession session, CloudTestConfig config) {
        this.session = Objects.requireNonNull(session);
        this.config = Objects.requireNonNull(config);
    }

    /** Messages arriving on an existing queue (e.g. a stack's queue, by URL). Receiving consumes them. */
    public MessageCapture queue(String queueUrl) {
        return new MessageCapture("queue " + queueUrl, sqs(), queueUrl, config.awaitTimeout(), List.of());
    }

    /**
     * Messages published to an SNS topic, through a temporary queue subscribed to it (with the queue policy SNS
     * needs). {@link CapturedMessage#payload()} unwraps the SNS envelope.
     *
     * @param topicArn the topic
     * @param filterPolicy an SNS filter policy (JSON) so that parallel captures on one topic see only their own
     *     messages, or {@code null} for everything
     */
    public MessageCapture topic(String topicArn, String filterPolicy) {
        List<Runnable> cleanup = new ArrayList<>();
        try {
            TemporaryQueue queue = temporaryQueue("sns.amazonaws.com", topicArn);
            cleanup.add(queue::delete);
            SnsClient sns = session.client(SnsClient.class);
            String subscription = sns.subscribe(r -> {
                        r.topicArn(topicArn)
                                .protocol("sqs")
                                .endpoint(queue.arn())
                                .returnSubscriptionArn(true);
                        if (filterPolicy != null) {
                            r.attributes(Map.of("FilterPolicy", filterPolicy));
                        }
                    })
                    .subscriptionArn();
            cleanup.add(0, () -> sns.unsubscribe(r -> r.subscriptionArn(subscription)));
            return new MessageCapture("topic " + topicArn, sqs(), queue.url(), config.awaitTimeout(), cleanup);
        } catch (RuntimeException e) {
            runAll(cleanup, e);
            throw e;
        }
    }

    /** Every message published to a topic; see {@link #topic(String, String)}. */
    public MessageCapture topic(String topicArn) {
        return topic(topicArn, null);
    }

    /**
     * Events on an EventBridge bus matching {@code eventPattern}, through a temporary rule targeting a temporary queue.
     *
     * @param busName the bus name ({@code default} for the default bus)
     * @param eventPattern an EventBridge event pattern (JSON), e.g. {@code {"detail-type": ["OrderPlaced"]}}
     */
    public MessageCapture eventBus(String busName, String eventPattern) {
        List<Runnable> cleanup = new ArrayList<>();
        try {
            EventBridgeClient events = session.client(EventBridgeClient.class);
            String ruleName = temporaryName();
            String ruleArn = events.putRule(r -> r.name(ruleName)
                            .eventBusName(busName)
                            .eventPattern(eventPattern)
                            .description("cloudtest capture; removed when the test ends, swept after expiry")
                            .tags(ownershipTags().entrySet().stream()
                                    .map(e -> software.amazon.awssdk.services.eventbridge.model.Tag.builder()
                                            .key(e.getKey())
                                            .value(e.getValue())
                                            .build())
                                    .toList()))
                    .ruleArn();
            cleanup.add(() -> events.deleteRule(r -> r.name(ruleName).eventBusName(busName)));
            TemporaryQueue queue = temporaryQueue("events.amazonaws.com", ruleArn);
            cleanup.add(queue::delete);
            events.putTargets(r -> r.rule(ruleName).eventBusName(busName).targets(t -> t.id("cloudtest-capture")
                    .arn(queue.arn())));
            cleanup.add(
                    0,
                    () -> events.removeTargets(
                            r -> r.rule(ruleName).eventBusName(busName).ids("cloudtest-capture")));
            return new MessageCapture(
                    "event bus " + busName + " " + eventPattern, sqs(), queue.url(), config.awaitTimeout(), cleanup);
        } catch (RuntimeException e) {
            runAll(cleanup, e);
            throw e;
        }
    }

    /**
     * Waits until a DynamoDB item with the given key exists, and returns it.
     *
     * @throws AssertionError naming the table and key on timeout
     */
    public Map<String, AttributeValue> awaitItem(String table, Map<String, AttributeValue> key) {
        DynamoDbClient dynamo = session.client(DynamoDbClient.class);
        return Eventually.await("item " + key + " in table " + table)
                .atMost(config.awaitTimeout())
                .until(
                        () -> dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true))
                                .item(),
                        item -> item != null && !item.isEmpty());
    }

    /**
     * Waits until an S3 object exists, and returns its content.
     *
     * @throws AssertionError naming the bucket and key on timeout
     */
    public byte[] awaitObject(String bucket, String key) {
        S3Client s3 = session.client(S3Client.class);
        ResponseBytes<GetObjectResponse> bytes = Eventually.await("object s3://" + bucket + "/" + key)
                .atMost(config.awaitTimeout())
                .until(
                        () -> {
                            try {
                                return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
                            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                                return null;
                            }
                        },
                        java.util.Objects::nonNull);
        return bytes.asByteArray();
    }

    /**
     * Waits until a Step Functions execution reaches {@code expected}; fails at once if it ends in another state.
     *
     * @return the execution's description (output, dates)
     * @throws AssertionError with the execution's error and cause when it ended otherwise, or on timeout
     */
    public DescribeExecutionResponse awaitExecution(String executionArn, ExecutionStatus expected) {
        SfnClient sfn = session.client(SfnClient.class);
        DescribeExecutionResponse[] last = new DescribeExecutionResponse[1];
        try {
            return Eventually.await("execution " + executionArn + " " + expected)
                    .atMost(config.awaitTimeout())
                    .failFast(
                            "the execution ended in another state",
                            () -> last[0] != null
                                    && last[0].status() != ExecutionStatus.RUNNING
                                    && last[0].status() != expected)
                    .until(
                            () -> last[0] = sfn.describeExecution(r -> r.executionArn(executionArn)),
                            d -> d.status() == expected);
        } catch (AssertionError e) {
            DescribeExecutionResponse d = last[0];
            if (d != null && d.status() != ExecutionStatus.RUNNING) {
                throw new AssertionError(
                        "execution " + executionArn + " ended " + d.status() + " instead of " + expected
                                + (d.error() != null ? ": " + d.error() + " " + d.cause() : ""),
                        e);
            }
            throw e;
        }
    }

    private record TemporaryQueue(SqsClient sqs, String url, String arn) {
        void delete() {
            sqs.deleteQueue(r -> r.queueUrl(url));
        }
    }

    private TemporaryQueue temporaryQueue(String servicePrincipal, String sourceArn) {
        SqsClient sqs = sqs();
        String name = temporaryName();
        String url =
                sqs.createQueue(r -> r.queueName(name).tags(ownershipTags())).queueUrl();
        try {
            String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            String policy =
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                            + servicePrincipal + "\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + arn
                            + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + sourceArn + "\"}}}]}";
            sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
            return new TemporaryQueue(sqs, url, arn);
        } catch (RuntimeException e) {
            sqs.deleteQueue(r -> r.queueUrl(url));
            throw e;
        }
    }

    private Map<String, String> ownershipTags() {
        Instant now = Instant.now();
        return Map.of(
                StackTags.RUN_ID, config.runId(),
                StackTags.OWNER, config.owner(),
                StackTags.CREATED_AT,
                        now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                StackTags.EXPIRES_AT,
                        now.plus(config.ttl())
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString());
    }

    private String temporaryName() {
        return "ct-probe-" + config.runId() + "-" + RunIds.random().substring(0, 6);
    }

    private SqsClient sqs() {
        return session.client(SqsClient.class);
    }

    private static void runAll(List<Runnable> cleanup, RuntimeException primary) {
        for (Runnable step : cleanup) {
            try {
                step.run();
            } catch (SdkException e) {
                primary.addSuppressed(e);
            }
        }
    }

    /** How long assertions wait by default. */
    public Duration defaultTimeout() {
        return config.awaitTimeout();
    }
}
