package dev.cloudtest.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.Stack;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

class FailureDiagnosisTest {

    @Test
    void an_event_is_one_line_with_time_logical_id_type_status_and_reason() {
        StackEvent event = StackEvent.builder()
                .timestamp(Instant.parse("2026-01-02T03:04:05.678Z"))
                .logicalResourceId("OrdersTable")
                .resourceType("AWS::DynamoDB::Table")
                .resourceStatus("CREATE_FAILED")
                .resourceStatusReason("Invalid KeySchema:\n hash key missing")
                .build();

        assertThat(FailureDiagnosis.line(event))
                .isEqualTo("  2026-01-02T03:04:05Z OrdersTable AWS::DynamoDB::Table CREATE_FAILED: Invalid KeySchema:  "
                        + "hash key missing");
    }

    @Test
    void an_event_without_reason_has_no_trailing_colon() {
        StackEvent event = StackEvent.builder()
                .logicalResourceId("Queue")
                .resourceType("AWS::SQS::Queue")
                .resourceStatus("CREATE_COMPLETE")
                .build();

        assertThat(FailureDiagnosis.line(event)).isEqualTo("  Queue AWS::SQS::Queue CREATE_COMPLETE");
    }

    @Test
    void log_groups_are_the_stacks_log_groups_and_its_functions_groups() {
        Stack stack = new Stack(
                "orders",
                "ct-orders-run1",
                "arn",
                Map.of(),
                Map.of("Logs", "/app/orders", "Handler", "ct-orders-handler", "Queue", "https://q"),
                Map.of("Logs", "AWS::Logs::LogGroup", "Handler", "AWS::Lambda::Function", "Queue", "AWS::SQS::Queue"),
                Instant.EPOCH,
                Instant.EPOCH,
                FakeStacks.SESSION);

        assertThat(FailureDiagnosis.logGroups(stack)).containsExactly("/app/orders", "/aws/lambda/ct-orders-handler");
    }
}
