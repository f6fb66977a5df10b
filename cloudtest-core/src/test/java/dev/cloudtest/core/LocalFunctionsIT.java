package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.exception.LocalFunctionException;
import dev.cloudtest.core.internal.lambda.FunctionProcess;
import dev.cloudtest.core.journey.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** Java functions of a template run locally against moto: invoked directly and from their SQS event source. */
class LocalFunctionsIT {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFunctionsIT.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static CloudTestRun run;
    private static Stack stack;

    @BeforeAll
    static void provision() {
        run = CloudTestRun.start(TestTargets.moto().build());
        stack = run.provision(StackSpec.builder()
                .templateResource("stacks/local-functions.yaml")
                .build());
    }

    @AfterAll
    static void tearDown() {
        run.close();
    }

    @Test
    void what_a_function_prints_lands_in_its_cloudwatch_log_group_as_on_lambda() {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);

        run.localFunction(stack, "Order").invoke("{\"orderId\": \"o-log\", \"quantity\": 1, \"unitPriceCents\": 1}");

        String group = "/aws/lambda/" + stack.physicalId("Order");
        assertThat(run.probes().awaitLogLine(group, java.util.regex.Pattern.compile("stdout of o-log"), before))
                .contains("stdout of o-log");
        assertThat(run.probes().logLines(group, before))
                .anySatisfy(line -> assertThat(line).startsWith("START RequestId: "))
                .anySatisfy(line -> assertThat(line).contains("pricing o-log"))
                .anySatisfy(line -> assertThat(line).startsWith("END RequestId: "));
    }

    @Test
    void pojo_handler_receives_the_event_and_a_context_and_its_result_comes_back_as_json() throws Exception {
        LocalFunction order = run.localFunction(stack, "Order");

        JsonNode receipt =
                MAPPER.readTree(order.invoke("{\"orderId\": \"o-1\", \"quantity\": 3, \"unitPriceCents\": 250}"));

        assertThat(receipt.path("orderId").asText()).isEqualTo("o-1");
        assertThat(receipt.path("totalCents").asLong()).isEqualTo(750);
        assertThat(receipt.path("functionName").asText()).isEqualTo(stack.physicalId("Order"));
        assertThat(receipt.path("memoryLimitInMb").asInt()).isEqualTo(256);
        assertThat(receipt.path("timeRemaining").asBoolean()).isTrue();
        assertThat(receipt.path("requestId").asText()).isNotBlank();
    }

    @Test
    void stream_handler_reads_the_raw_event_and_writes_the_raw_result() {
        assertThat(run.localFunction(stack, "UpperCase").invoke("{\"word\": \"quiet\"}"))
                .isEqualTo("{\"WORD\": \"QUIET\"}");
    }

    @Test
    void environment_variables_resolve_to_physical_names_and_the_sdk_reaches_the_emulator_unchanged() throws Exception {
        JsonNode env =
                MAPPER.readTree(run.localFunction(stack, "Environment").invoke("{\"message\": \"from the function\"}"));

        assertThat(env.path("QUEUE_URL").asText()).isEqualTo(stack.physicalId("Outbox"));
        assertThat(env.path("QUEUE_ARN").asText())
                .startsWith("arn:aws:sqs:" + run.session().region() + ":")
                .endsWith(":"
                        + stack.physicalId("Outbox")
                                .substring(stack.physicalId("Outbox").lastIndexOf('/') + 1));
        assertThat(env.path("TABLE_NAME").asText()).isEqualTo(stack.physicalId("Table"));
        assertThat(env.path("GREETING").asText()).isEqualTo("hello from " + stack.name());
        assertThat(env.path("AWS_REGION").asText()).isEqualTo(run.session().region());
        assertThat(env.path("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo(stack.physicalId("Environment"));
        assertThat(env.path("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("512");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_TIMEOUT").asText()).isEqualTo("20");
        assertThat(env.path("AWS_ENDPOINT_URL").asText())
                .isEqualTo(run.session().endpoint().orElseThrow().toString());
        List<Message> sent = run.session()
                .client(SqsClient.class)
                .receiveMessage(r -> r.queueUrl(stack.output("OutboxUrl")).waitTimeSeconds(5))
                .messages();
        assertThat(sent)
                .extracting(Message::messageId)
                .containsExactly(env.path("sentMessageId").asText());
        assertThat(sent).extracting(Message::body).containsExactly("from the function");
    }

    @Test
    void handler_exception_is_reported_as_lambda_does_with_what_the_function_printed() {
        assertThatThrownBy(() -> run.localFunction(stack, "Failing").invoke("\"sku-9\""))
                .isInstanceOfSatisfying(LocalFunctionException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(e.logicalId()).isEqualTo("Failing");
                    assertThat(e.getMessage())
                            .as("named by its logical id, the physical name beside it")
                            .startsWith("Local function Failing (" + e.functionName() + ") failed:");
                    assertThat(e.functionName()).isNotEqualTo("Failing");
                    assertThat(e.errorMessage()).isEqualTo("no stock for sku-9");
                    assertThat(e.stackTrace()).first().asString().contains("FailingHandler.handle");
                    assertThat(e.output()).contains("checking stock of sku-9");
                })
                .hasMessageContaining("no stock for sku-9");
    }

    @Test
    void invocation_beyond_the_timeout_is_ended_and_the_next_one_starts_a_fresh_jvm() {
        LocalFunction slow = run.localFunction(stack, "Slow");
        assertThat(slow.invoke("{\"sleepMillis\": 0}")).isEqualTo("\"done\"");
        long firstPid = ((FunctionProcess) slow).pid().orElseThrow();

        long started = System.nanoTime();
        assertThatThrownBy(() -> slow.invoke("{\"sleepMillis\": 60000}"))
                .isInstanceOfSatisfying(LocalFunctionException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("Sandbox.Timedout");
                    assertThat(e.errorMessage()).endsWith("Task timed out after 1.00 seconds");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false))
                .as("the timed-out JVM is gone")
                .isFalse();

        assertThat(slow.invoke("{\"sleepMillis\": 0}")).isEqualTo("\"done\"");
        assertThat(((FunctionProcess) slow).pid()).get().isNotEqualTo(firstPid);
    }

    @Test
    void
            sqs_batch_with_a_partial_failure_deletes_what_succeeded_and_redelivers_the_failed_until_the_dead_letter_queue() {
        SqsClient sqs = run.session().client(SqsClient.class);
        long sent = System.currentTimeMillis();
        for (String body : List.of("ok-1", "ok-2", "fail-1")) {
            sqs.sendMessage(r -> r.queueUrl(stack.output("WorkQueueUrl")).messageBody(body));
        }

        // maxReceiveCount 2: the failed message is handled twice, then moved to the dead-letter queue.
        List<Message> dead = Eventually.await("the failed message in the dead-letter queue")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> sqs.receiveMessage(r -> r.queueUrl(stack.output("DeadLetterQueueUrl"))
                                        .waitTimeSeconds(1))
                                .messages(),
                        m -> !m.isEmpty());
        assertThat(dead).extracting(Message::body).containsExactly("fail-1");
        Map<String, Map<String, AttributeValue>> attempts = attempts();
        assertThat(new TreeSet<>(attempts.keySet()))
                .as("each good message handled once (deleted), the failed one redelivered")
                .containsExactly("fail-1#1", "fail-1#2", "ok-1#1", "ok-2#1");
        assertThat(attempts.get("ok-1#1").get("source").s()).startsWith("arn:aws:sqs:");
        long latency = Long.parseLong(attempts.get("ok-1#1").get("handledAt").s()) - sent;
        LOG.info("measured: SQS send -> handler, first message: {} ms", latency);
        assertThat(sqs.receiveMessage(
                                r -> r.queueUrl(stack.output("WorkQueueUrl")).waitTimeSeconds(2))
                        .messages())
                .as("nothing left in the queue")
                .isEmpty();
    }

    @Test
    void sqs_mapping_with_a_batching_window_gathers_more_than_ten_messages_into_one_invocation() {
        SqsClient sqs = run.session().client(SqsClient.class);
        List<String> bodies =
                IntStream.rangeClosed(1, 25).mapToObj(i -> "gather-" + i).toList();
        long sent = System.currentTimeMillis();
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries =
                    bodies.subList(from, Math.min(bodies.size(), from + 10)).stream()
                            .map(body -> SendMessageBatchRequestEntry.builder()
                                    .id(body)
                                    .messageBody(body)
                                    .build())
                            .toList();
            sqs.sendMessageBatch(
                    r -> r.queueUrl(stack.output("GatheredQueueUrl")).entries(entries));
        }

        List<List<String>> invocations = Eventually.await("the 25 gathered messages handled")
                .atMost(Duration.ofSeconds(30))
                .until(() -> invocationsHolding(bodies), i -> handled(i) >= bodies.size());
        LOG.info(
                "measured: 25 messages, BatchSize 25, window 2 s: invocations of {} after {} ms",
                invocations.stream().map(List::size).toList(),
                System.currentTimeMillis() - sent);
        assertThat(invocations)
                .as("25 messages in fewer invocations than ten a time would need")
                .hasSizeLessThan(3)
                .anySatisfy(batch -> assertThat(batch).hasSizeGreaterThan(10));
        assertThat(invocations.stream().flatMap(List::stream).toList())
                .as("each message handled once")
                .containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void sqs_mapping_with_a_batching_window_adds_a_message_sent_later_within_the_window_to_the_batch()
            throws InterruptedException {
        SqsClient sqs = run.session().client(SqsClient.class);
        List<String> bodies = List.of("window-first", "window-later");

        sqs.sendMessage(r -> r.queueUrl(stack.output("GatheredQueueUrl")).messageBody(bodies.get(0)));
        TimeUnit.MILLISECONDS.sleep(300); // the second message arrives after the first one was received
        sqs.sendMessage(r -> r.queueUrl(stack.output("GatheredQueueUrl")).messageBody(bodies.get(1)));

        List<List<String>> invocations = Eventually.await("both messages handled")
                .atMost(Duration.ofSeconds(30))
                .until(() -> invocationsHolding(bodies), i -> handled(i) >= bodies.size());
        assertThat(invocations)
                .as("one invocation, gathered over the window")
                .singleElement()
                .asInstanceOf(InstanceOfAssertFactories.list(String.class))
                .containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void warm_invocations_reuse_the_jvm_and_cost_little() {
        FunctionProcess order = (FunctionProcess) run.localFunction(stack, "Order");
        long pid = order.pid().orElseThrow();
        int n = 50;
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            order.invoke("{\"orderId\": \"o-" + i + "\", \"quantity\": 1, \"unitPriceCents\": 1}");
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started) / n;
        LOG.info(
                "measured: cold start (JVM + handler init) {} ms; warm invoke round trip {} us (mean of {})",
                order.lastColdStart().toMillis(),
                micros,
                n);
        assertThat(order.pid()).contains(pid);
    }

    @Test
    void unknown_function_names_the_local_ones() {
        assertThatThrownBy(() -> run.localFunction(stack, "Nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no local function 'Nope'")
                .hasMessageContaining("[Batch, Environment, Failing, Gather, Order, Slow, UpperCase]");
    }

    /** The recorded invocations of the Gather function that handled any of {@code bodies}: those bodies of each. */
    private static List<List<String>> invocationsHolding(List<String> bodies) {
        return run
                .session()
                .client(DynamoDbClient.class)
                .scan(r -> r.tableName(stack.output("InvocationsTableName")))
                .items()
                .stream()
                .map(item -> item.get("bodies").l().stream()
                        .map(AttributeValue::s)
                        .filter(bodies::contains)
                        .toList())
                .filter(batch -> !batch.isEmpty())
                .toList();
    }

    private static int handled(List<List<String>> invocations) {
        return invocations.stream().mapToInt(List::size).sum();
    }

    private static Map<String, Map<String, AttributeValue>> attempts() {
        return run
                .session()
                .client(DynamoDbClient.class)
                .scan(r -> r.tableName(stack.output("TableName")))
                .items()
                .stream()
                .collect(Collectors.toMap(i -> i.get("id").s(), i -> i));
    }
}
