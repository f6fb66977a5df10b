package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.journey.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Schedules fired on demand, and Lambda's asynchronous invocation (retries, destinations, dead-letter queue) for the
 * triggers that invoke asynchronously, from a SAM template in a team's shape; each with its negative twin.
 */
class TriggersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "triggers/scheduled-orders.yaml";

    @Test
    void a_fired_rule_schedule_reaches_the_function_as_a_scheduled_event_and_its_result_the_success_destination()
            throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(spec("audit").build());
            Schedule nightly = run.schedule(stack, "AuditFunctionNightly");
            assertThat(nightly.expression()).isEqualTo("rate(1 day)");

            nightly.fire();

            JsonNode record = JSON.readTree(
                    receive(run, stack.output("AuditResultsUrl"), 1).get(0));
            assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("Success");
            assertThat(record.path("requestContext").path("functionArn").asText())
                    .endsWith(":function:" + stack.physicalId("AuditFunction") + ":$LATEST");
            assertThat(record.path("requestPayload").path("detail-type").asText())
                    .isEqualTo("Scheduled Event");
            assertThat(record.path("requestPayload").path("resources").path(0).asText())
                    .startsWith("arn:aws:events:us-east-1:")
                    .contains(":rule/");
            assertThat(record.path("responsePayload").asText()).isEqualTo("audited");
            String line = run.probes()
                    .awaitLogLine(
                            "/aws/lambda/" + stack.physicalId("AuditFunction"),
                            Pattern.compile("audit detail-type=Scheduled Event"),
                            Instant.now().minusSeconds(60));
            assertThat(line)
                    .as("read through ScheduledEvent's typed getters (Joda time included)")
                    .contains("source=aws.events")
                    .contains("region=us-east-1")
                    .containsPattern("year=20\\d\\d");
            run.teardown(stack);
        }
    }

    @Test
    void a_scheduler_schedule_fires_its_input_to_a_function_and_to_a_queue() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(spec("weekly").build());

            run.schedule(stack, "ReportSchedule").fire();
            assertThat(receive(run, stack.output("ReportsUrl"), 1)).containsExactly("{\"report\": \"weekly\"}");

            run.schedule(stack, "AuditFunctionWeekly").fire();
            JsonNode record = JSON.readTree(
                    receive(run, stack.output("AuditResultsUrl"), 1).get(0));
            assertThat(record.path("requestPayload").path("detail-type").asText())
                    .as("Scheduler delivers the target's Input as it is")
                    .isEqualTo("Weekly");

            run.schedule(stack, "RawAuditFunctionMonthly").fire();
            JsonNode raw = JSON.readTree(
                    receive(run, stack.output("AuditResultsUrl"), 1).get(0));
            assertThat(raw.path("responsePayload").path("KIND").asText())
                    .as("a raw stream handler got the input's bytes and wrote its own")
                    .isEqualTo("RAW");

            assertThatThrownBy(() -> run.schedule(stack, "AuditResults"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no schedule 'AuditResults'")
                    .hasMessageContaining(
                            "[AuditFunctionNightly, AuditFunctionWeekly, RawAuditFunctionMonthly, ReportSchedule]");
            run.teardown(stack);
        }
    }

    @Test
    void a_failing_async_invocation_is_retried_then_goes_to_its_failure_destination_and_dead_letter_queue()
            throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto()
                .set(CloudTestConfig.LOCAL_FUNCTIONS_RETRY_DELAY, "300ms")
                .build())) {
            Stack stack = run.provision(spec("checks").build());
            Instant before = Instant.now().minusSeconds(1);

            putOrder(run, stack, "o-41");

            JsonNode record = JSON.readTree(
                    receive(run, stack.output("FailedChecksUrl"), 1).get(0));
            assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetriesExhausted");
            assertThat(record.path("requestContext")
                            .path("approximateInvokeCount")
                            .asInt())
                    .as("the first attempt and MaximumRetryAttempts: 1")
                    .isEqualTo(2);
            assertThat(record.path("responseContext").path("functionError").asText())
                    .isEqualTo("Unhandled");
            assertThat(record.path("responsePayload").path("errorMessage").asText())
                    .isEqualTo("order o-41 rejected");
            assertThat(record.path("requestPayload").toString())
                    .as("the target's InputTransformer applied")
                    .isEqualTo("{\"detail\":{\"orderId\":\"o-41\"},\"checked\":true}");

            Message dead =
                    receiveMessages(run, stack.output("DeadLettersUrl"), 1).get(0);
            assertThat(JSON.readTree(dead.body()).path("checked").asBoolean()).isTrue();
            assertThat(dead.messageAttributes().get("ErrorMessage").stringValue())
                    .isEqualTo("order o-41 rejected");
            assertThat(dead.messageAttributes()).containsKeys("RequestID", "ErrorCode");

            assertThat(run.probes().logLines("/aws/lambda/" + stack.physicalId("CheckerFunction"), before))
                    .filteredOn(l -> l.contains("rejecting o-41"))
                    .hasSize(2);
            run.teardown(stack);
        }
    }

    @Test
    void without_the_rule_the_checker_is_never_invoked() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto()
                .set(CloudTestConfig.LOCAL_FUNCTIONS_RETRY_DELAY, "300ms")
                .build())) {
            Stack stack = run.provision(
                    spec("unwired").parameter("WireChecker", "false").build());

            putOrder(run, stack, "o-42");

            SqsClient sqs = run.session().client(SqsClient.class);
            Eventually.await("no invocation record and no dead letter")
                    .during(Duration.ofSeconds(5))
                    .until(
                            () -> sqs.receiveMessage(r -> r.queueUrl(stack.output("FailedChecksUrl")))
                                            .messages()
                                            .size()
                                    + sqs.receiveMessage(r -> r.queueUrl(stack.output("DeadLettersUrl")))
                                            .messages()
                                            .size(),
                            n -> n == 0);
            assertThat(stack.physicalIds()).doesNotContainKey("CheckOrdersRule");
            run.teardown(stack);
        }
    }

    @Test
    void strict_refuses_before_anything_is_created_a_function_that_would_not_run() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto()
                .set(CloudTestConfig.LOCAL_FUNCTIONS, "AuditFunction")
                .set(CloudTestConfig.LOCAL_FUNCTIONS_STRICT, "true")
                .build())) {
            assertThatThrownBy(() -> run.provision(spec("strict").build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("cloudtest.local-functions.strict=true")
                    .hasMessageContaining("function CheckerFunction: not selected by cloudtest.local-functions")
                    .hasMessageContaining("trigger EventBridge rule CheckOrdersRule: its function does not run")
                    .hasMessageContaining("nothing was created");
            assertThat(run.session()
                            .client(CloudFormationClient.class)
                            .listStacks()
                            .stackSummaries())
                    .noneMatch(s -> s.stackName().contains("-strict-"));
        }
    }

    private static StackSpec.Builder spec(String id) {
        return StackSpec.builder().id(id).templateResource(TEMPLATE);
    }

    private static void putOrder(CloudTestRun run, Stack stack, String orderId) {
        var put = run.session()
                .client(EventBridgeClient.class)
                .putEvents(r -> r.entries(e -> e.eventBusName(stack.output("BusName"))
                        .source("shop.orders")
                        .detailType("OrderPlaced")
                        .detail("{\"orderId\": \"" + orderId + "\"}")));
        assertThat(put.failedEntryCount()).isZero();
    }

    private static List<String> receive(CloudTestRun run, String queueUrl, int count) {
        return QueueMessages.bodies(run, queueUrl, count, Duration.ofSeconds(30));
    }

    private static List<Message> receiveMessages(CloudTestRun run, String queueUrl, int count) {
        return QueueMessages.await(run, queueUrl, count, Duration.ofSeconds(30));
    }
}
