package dev.cloudtest.core.journey;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.exception.CloudTestException;
import dev.cloudtest.core.internal.naming.RunIds;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.internal.probe.ItemText;
import dev.cloudtest.core.internal.probe.LogLines;
import dev.cloudtest.core.internal.probe.Trimmed;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The journey toolkit's probes: observe the asynchronous effects of a deployed system. Captures that need resources
 * of their own (a temporary queue subscribed to a topic, a temporary rule on an event bus) create them tagged with the
 * run's ownership tags, so the sweeper removes them if the JVM dies, and remove them on {@code close()}.
 *
 * <p>Get one from {@link CloudTestRun#probes()} (or have the JUnit extension inject it).
 *
 * <p>Longer than core's 450-line guideline on purpose: it is the toolkit's one entry point, a documented factory per
 * kind of probe (queue, topic, bus, bucket, table, logs, state machine) with the set-up and removal of its temporary
 * resources; splitting it would give users several types to find instead of one.
 */
public final class Probes {
    private static final int SHOWN_LINES = 10;
    private static final int MAX_SHOWN = 300;

    private final CloudSession session;
    private final CloudTestConfig config;
    private final Duration timeout;

    /**
     * Probes on a session, tagging their temporary resources with the configuration's run id, owner and expiry. Usually
     * obtained from {@link CloudTestRun#probes()}.
     */
    public static Probes of(CloudSession session, CloudTestConfig config) {
        return new Probes(session, config);
    }

    private Probes(CloudSession session, CloudTestConfig config) {
        this(session, config, config.awaitTimeout());
    }

    private Probes(CloudSession session, CloudTestConfig config, Duration timeout) {
        this.session = Objects.requireNonNull(session);
        this.config = Objects.requireNonNull(config);
        this.timeout = Objects.requireNonNull(timeout);
    }

    /**
     * The same probes waiting at most {@code timeout} instead of {@code cloudtest.await.timeout}, e.g. {@code
     * probes.atMost(Duration.ofMinutes(2)).awaitItemCount(table, 100)}; captures made from them wait as long.
     */
    public Probes atMost(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("atMost must be positive: " + timeout);
        }
        return new Probes(session, config, timeout);
    }

    /** A wait for anything else, with these probes' deadline: {@code probes.await("the report").untilAsserted(...)}. */
    public Eventually await(String alias) {
        return Eventually.await(alias).atMost(timeout);
    }

    /** Messages arriving on an existing queue (e.g. a stack's queue, by URL). Receiving consumes them. */
    public MessageCapture queue(String queueUrl) {
        return new MessageCapture("queue " + queueUrl, sqs(), queueUrl, timeout, List.of());
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
            cleanup.add(0, () -> {
                try {
                    sns.unsubscribe(r -> r.subscriptionArn(subscription));
                } catch (software.amazon.awssdk.services.sns.model.NotFoundException e) {
                    // removed by an earlier attempt whose answer was lost
                }
            });
            return new MessageCapture("topic " + topicArn, sqs(), queue.url(), timeout, cleanup);
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
                    "event bus " + busName + " " + eventPattern, sqs(), queue.url(), timeout, cleanup);
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
                .atMost(timeout)
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
                .atMost(timeout)
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
                    .atMost(timeout)
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

    /**
     * Waits until the item with the given key exists and satisfies {@code matching}, and returns it. An exception
     * thrown by {@code matching} (an attribute not there yet) counts as "does not match yet".
     *
     * @param expected what the item should look like, for the failure message ("with state DONE")
     * @throws AssertionError on timeout, with the item last seen (or that there was none)
     */
    public Map<String, AttributeValue> awaitItemMatching(
            String table,
            Map<String, AttributeValue> key,
            String expected,
            Predicate<Map<String, AttributeValue>> matching) {
        DynamoDbClient dynamo = session.client(DynamoDbClient.class);
        return poll(
                "item " + ItemText.of(key) + " in table " + table + " " + expected,
                () -> dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true))
                        .item(),
                item -> item != null && !item.isEmpty() && matching.test(item),
                item -> item == null || item.isEmpty()
                        ? "the item does not exist"
                        : "last seen: " + Trimmed.line(ItemText.of(item), MAX_SHOWN));
    }

    /** {@link #awaitItemMatching(String, Map, String, Predicate)} with a generic description of the condition. */
    public Map<String, AttributeValue> awaitItemMatching(
            String table, Map<String, AttributeValue> key, Predicate<Map<String, AttributeValue>> matching) {
        return awaitItemMatching(table, key, "to match the condition", matching);
    }

    /**
     * Waits until the table holds exactly {@code count} items (a consistent, paginated {@code Scan} with
     * {@code Select=COUNT}).
     *
     * @return the count, which is {@code count}
     * @throws AssertionError on timeout, with the count last seen
     */
    public int awaitItemCount(String table, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        DynamoDbClient dynamo = session.client(DynamoDbClient.class);
        return poll(
                count + " item" + (count == 1 ? "" : "s") + " in table " + table,
                () -> {
                    int total = 0;
                    for (var page : dynamo.scanPaginator(
                            r -> r.tableName(table).select(Select.COUNT).consistentRead(true))) {
                        total += page.count();
                    }
                    return total;
                },
                seen -> seen == count,
                seen -> "counted " + seen + " instead");
    }

    /**
     * Waits until the S3 object exists and its content (UTF-8) satisfies {@code matching}, and returns the content. An
     * exception thrown by {@code matching} counts as "does not match yet".
     *
     * @param expected what the content should be, for the failure message ("with status PAID")
     * @throws AssertionError on timeout, with the content last seen, trimmed (or that there was no object)
     */
    public String awaitObjectMatching(String bucket, String key, String expected, Predicate<String> matching) {
        S3Client s3 = session.client(S3Client.class);
        Optional<String> content = poll(
                "object s3://" + bucket + "/" + key + " " + expected,
                () -> {
                    try {
                        return Optional.of(
                                s3.getObjectAsBytes(r -> r.bucket(bucket).key(key))
                                        .asUtf8String());
                    } catch (NoSuchKeyException e) {
                        return Optional.<String>empty();
                    }
                },
                seen -> seen.isPresent() && matching.test(seen.get()),
                seen -> seen.map(text -> "last content: " + Trimmed.line(text, MAX_SHOWN))
                        .orElse("the object does not exist"));
        return content.orElseThrow();
    }

    /** {@link #awaitObjectMatching(String, String, String, Predicate)} with a generic description of the condition. */
    public String awaitObjectMatching(String bucket, String key, Predicate<String> matching) {
        return awaitObjectMatching(bucket, key, "to match the condition", matching);
    }

    /**
     * Waits until a CloudWatch Logs line in {@code logGroup} (any stream) written at or after {@code since} matches
     * {@code pattern} ({@link java.util.regex.Matcher#find() found} anywhere in the line), and returns that line. A
     * group that does not exist yet (Lambda creates its group on the first invocation) is waited for.
     *
     * <pre>{@code
     * Instant start = Instant.now();
     * api.post("/orders", order).assertStatus(201);
     * probes.awaitLogLine("/aws/lambda/" + stack.output("FunctionName"), Pattern.compile("order \\S+ placed"), start);
     * }</pre>
     *
     * @return the first matching line, without its trailing newline
     * @throws AssertionError on timeout, with the last 10 lines seen (trimmed), or that the group
     *     does not exist
     */
    public String awaitLogLine(String logGroup, Pattern pattern, Instant since) {
        LogLines lines = new LogLines(session.client(CloudWatchLogsClient.class), logGroup, since);
        Optional<List<String>> seen = poll(
                "a line matching /" + pattern + "/ in log group " + logGroup + " since " + since,
                () -> {
                    try {
                        return Optional.of(lines.read());
                    } catch (ResourceNotFoundException e) {
                        return Optional.<List<String>>empty();
                    }
                },
                read -> read.isPresent()
                        && read.get().stream().anyMatch(l -> pattern.matcher(l).find()),
                read -> read.map(l -> "saw " + Trimmed.lastOf(l, "line", SHOWN_LINES, MAX_SHOWN))
                        .orElse("the log group does not exist"));
        return seen.orElseThrow().stream()
                .filter(l -> pattern.matcher(l).find())
                .findFirst()
                .orElseThrow();
    }

    /**
     * The lines in {@code logGroup} (all streams) written at or after {@code since}, oldest first, read now (no
     * waiting); e.g. to check that no line says {@code ERROR}.
     *
     * @throws CloudTestException when the log group does not exist
     */
    public List<String> logLines(String logGroup, Instant since) {
        try {
            return new LogLines(session.client(CloudWatchLogsClient.class), logGroup, since).read();
        } catch (ResourceNotFoundException e) {
            throw new CloudTestException(
                    "Log group " + logGroup + " does not exist (" + session + "). Check the name; a Lambda"
                            + " function's group appears on its first invocation: wait for it with awaitLogLine.",
                    e);
        }
    }

    /**
     * An {@link ApiClient} for the system under test at {@code baseUrl}. Unsigned unless asked:
     * {@code probes.api(url).signed("execute-api")} signs with the run's credentials and region.
     */
    public ApiClient api(URI baseUrl) {
        return ApiClient.builder()
                .baseUrl(baseUrl)
                // The run's own credentials provider, as its SDK clients use it (refreshing, assumed roles).
                .credentials(
                        session.region(),
                        session.client(StsClient.class)
                                .serviceClientConfiguration()
                                .credentialsProvider())
                .build();
    }

    /**
     * Polls {@code read} until {@code done}; on timeout fails with "expected {what} within {timeout}; {seen}". A
     * failing call or condition counts as "not yet" and is reported if it is the last thing that happened.
     */
    private <T> T poll(String what, Callable<T> read, Predicate<T> done, Function<T, String> seen) {
        Object[] last = new Object[1];
        Exception[] error = new Exception[1];
        try {
            return Eventually.await(what)
                    .atMost(timeout)
                    .until(
                            () -> {
                                try {
                                    T value = read.call();
                                    last[0] = value;
                                    error[0] = null;
                                    return value;
                                } catch (SdkException e) {
                                    error[0] = e;
                                    throw e;
                                }
                            },
                            value -> {
                                try {
                                    return done.test(value);
                                } catch (RuntimeException e) {
                                    error[0] = e;
                                    return false;
                                }
                            });
        } catch (AssertionError e) {
            @SuppressWarnings("unchecked")
            T lastValue = (T) last[0];
            String instead = error[0] != null
                    ? (lastValue != null ? seen.apply(lastValue) + "; " : "") + "the last check failed: "
                            + Trimmed.line(String.valueOf(error[0]), MAX_SHOWN)
                    : lastValue != null ? seen.apply(lastValue) : "nothing was read";
            throw new AssertionError("expected " + what + " within " + Eventually.format(timeout) + "; " + instead, e);
        }
    }

    private record TemporaryQueue(SqsClient sqs, String url, String arn) {
        /**
         * Deletes the queue; one that is gone already counts as deleted (a retried DeleteQueue whose first attempt
         * arrived but whose answer was lost finds none).
         */
        void delete() {
            try {
                sqs.deleteQueue(r -> r.queueUrl(url));
            } catch (software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException e) {
                // deleted by an earlier attempt
            }
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
            new TemporaryQueue(sqs, url, null).delete();
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

    /** {@code <name prefix>-probe-<run id>-<random>}: a sweep filtered by the name prefix finds it too. */
    private String temporaryName() {
        return config.namePrefix() + "-probe-" + config.runId() + "-"
                + RunIds.random().substring(0, 6);
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

    /** How long these probes wait: {@code cloudtest.await.timeout} unless set by {@link #atMost(Duration)}. */
    public Duration timeout() {
        return timeout;
    }
}
