package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.safety.Moto;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Step Functions tasks reach the local functions on the emulator cloudtest starts: a SAM state machine with two Lambda
 * tasks ({@code lambda:invoke} and a bare function ARN) and a {@code Choice} ends SUCCEEDED with the output its paths
 * define; a task whose function throws ends the execution FAILED with the function's error. A function that is not
 * local is not reached, and a shared endpoint, where the tasks cannot be routed, is refused before anything is created.
 */
class StepFunctionsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "states/order-approval.yaml";

    @Test
    void two_lambda_tasks_and_a_choice_succeed_with_the_output_the_state_machine_defines() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.ownEmulator().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("approval")
                    .templateResource(TEMPLATE)
                    .build());
            SfnClient sfn = run.session().client(SfnClient.class);

            DescribeExecutionResponse large = execute(
                    sfn,
                    stack.output("ApprovalWorkflowArn"),
                    "{\"orderId\": \"o-1\", \"quantity\": 30, \"unitPriceCents\": 50}");
            assertThat(large.status()).as(large.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode held = JSON.readTree(large.output());
            assertThat(held.path("status").asText()).isEqualTo("HELD_FOR_REVIEW");
            assertThat(held.path("orderId").asText()).isEqualTo("o-1");
            assertThat(held.path("totalCents").asLong()).isEqualTo(1500);
            assertThat(held.path("pricedBy").asText()).isEqualTo(stack.physicalId("PricingFunction"));
            assertThat(held.path("reviewedBy").asText()).isEqualTo(stack.physicalId("ReviewFunction"));

            DescribeExecutionResponse small = execute(
                    sfn,
                    stack.output("ApprovalWorkflowArn"),
                    "{\"orderId\": \"o-2\", \"quantity\": 2, \"unitPriceCents\": 50}");
            assertThat(small.status()).as(small.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode approved = JSON.readTree(small.output());
            assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
            assertThat(approved.path("totalCents").asLong()).isEqualTo(100);
            assertThat(approved.path("execution").asText())
                    .as("the context object ($$) survives the definition's substitutions")
                    .isEqualTo(small.name());
            run.teardown(stack);
        }
    }

    @Test
    void a_task_whose_function_throws_fails_the_execution_with_the_functions_error() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.ownEmulator().build())) {
            Stack stack = run.provision(
                    StackSpec.builder().id("stock").templateResource(TEMPLATE).build());

            DescribeExecutionResponse failed =
                    execute(run.session().client(SfnClient.class), stack.output("StockCheckArn"), "\"book-1\"");

            assertThat(failed.status()).as(failed.toString()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.error()).isEqualTo("java.lang.IllegalStateException");
            assertThat(failed.cause()).contains("no stock for book-1");
            run.teardown(stack);
        }
    }

    @Test
    void a_task_whose_function_does_not_run_locally_does_not_succeed() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.ownEmulator()
                .set(CloudTestConfig.LOCAL_FUNCTIONS, "ReviewFunction")
                .build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("not-local")
                    .templateResource(TEMPLATE)
                    .build());

            DescribeExecutionResponse execution = execute(
                    run.session().client(SfnClient.class),
                    stack.output("ApprovalWorkflowArn"),
                    "{\"orderId\": \"o-3\", \"quantity\": 30, \"unitPriceCents\": 50}");

            assertThat(execution.status())
                    .as("moto cannot run PricingFunction: " + execution)
                    .isNotEqualTo(ExecutionStatus.SUCCEEDED);
            run.teardown(stack);
        }
    }

    @Test
    void a_shared_endpoint_is_refused_before_anything_is_created_naming_the_task_state() {
        try (Moto moto = Moto.start();
                CloudTestRun run = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("shared")
                            .templateResource(TEMPLATE)
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("function PricingFunction runs locally")
                    .hasMessageContaining("state machine ApprovalWorkflow, task state 'Price'")
                    .hasMessageContaining("unset cloudtest.endpoint")
                    .hasMessageContaining("Nothing was created");

            assertThat(run.session()
                            .client(CloudFormationClient.class)
                            .describeStacks()
                            .stacks())
                    .noneMatch(s -> s.stackName().contains(run.runId()));
        }
    }

    /** Starts an execution and waits (60 s at most) until it is no longer running. */
    static DescribeExecutionResponse execute(SfnClient sfn, String stateMachine, String input) {
        String arn = sfn.startExecution(r -> r.stateMachineArn(stateMachine).input(input))
                .executionArn();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(arn));
        while (execution.status() == ExecutionStatus.RUNNING && System.nanoTime() < deadline) {
            sleep();
            execution = sfn.describeExecution(r -> r.executionArn(arn));
        }
        return execution;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
