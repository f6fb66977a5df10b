package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * provision() attaches instead of creating when the build handed a stack over (the Maven plugin's provision goal)
 * or cloudtest.attach names one; attached stacks are never torn down by the run.
 */
class HandoverIT {
    private static final StackSpec QUEUE = StackSpec.builder()
            .id("orders")
            .templateResource("stacks/queue-only.yaml")
            .build();

    @Test
    void a_stack_handed_over_for_the_same_spec_is_attached_and_left_to_its_owner(@TempDir Path reports)
            throws IOException {
        try (CloudTestRun build = CloudTestRun.start(TestTargets.moto().build())) {
            Stack provisioned = build.provision(QUEUE);
            handOver(reports, provisioned, build.session(), QUEUE.fingerprint());

            try (CloudTestRun tests = testRun(build, reports)) {
                Stack attached = tests.provision(QUEUE);

                assertThat(attached.stackId()).isEqualTo(provisioned.stackId());
                assertThat(attached.outputs()).isEqualTo(provisioned.outputs());
                assertThat(tests.release(attached, true)).isEmpty();
                assertThat(stacksOf(tests))
                        .as("the tests' run created no stack")
                        .isEmpty();
            }
            assertThat(status(build, provisioned)).as("still up for its owner").isEqualTo(StackStatus.CREATE_COMPLETE);
        }
    }

    @Test
    void a_handed_over_stack_of_another_spec_is_not_attached(@TempDir Path reports) throws IOException {
        try (CloudTestRun build = CloudTestRun.start(TestTargets.moto().build())) {
            Stack provisioned = build.provision(QUEUE);
            handOver(reports, provisioned, build.session(), "another-fingerprint");

            try (CloudTestRun tests = testRun(build, reports)) {
                Stack own = tests.provision(QUEUE);

                assertThat(own.stackId()).isNotEqualTo(provisioned.stackId());
                assertThat(stacksOf(tests)).hasSize(1);
            }
        }
    }

    @Test
    void cloudtest_attach_names_the_stack_to_use_and_the_run_never_deletes_it() {
        try (CloudTestRun build = CloudTestRun.start(TestTargets.moto().build())) {
            Stack deployed = build.provision(QUEUE);
            CloudTestConfig pipeline = TestTargets.moto()
                    .set(
                            CloudTestConfig.ENDPOINT,
                            build.session().endpoint().orElseThrow().toString())
                    .set(CloudTestConfig.ATTACH, "orders=" + deployed.name())
                    .build();

            try (CloudTestRun tests = CloudTestRun.start(pipeline)) {
                Stack attached = tests.provision(QUEUE);
                assertThat(attached.stackId()).isEqualTo(deployed.stackId());
                assertThat(tests.release(attached, false))
                        .as("released without teardown")
                        .isEmpty();
                assertThatThrownBy(() -> tests.teardown(attached))
                        .isInstanceOfSatisfying(GuardViolationException.class, e -> assertThat(e.guard())
                                .isEqualTo("ownership"));

                assertThatThrownBy(() -> tests.provision(StackSpec.builder()
                                .id("billing")
                                .templateResource("stacks/queue-only.yaml")
                                .build()))
                        .isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("names no stack for stack id 'billing'");
            }
            assertThat(status(build, deployed)).isEqualTo(StackStatus.CREATE_COMPLETE);
        }
    }

    private static CloudTestRun testRun(CloudTestRun build, Path reports) {
        return CloudTestRun.start(TestTargets.moto()
                .set(
                        CloudTestConfig.ENDPOINT,
                        build.session().endpoint().orElseThrow().toString())
                .set(CloudTestConfig.REPORT_DIR, reports.toString())
                .build());
    }

    /** What the Maven plugin's provision goal writes (the fields the hand-over reads). */
    private static void handOver(Path reports, Stack stack, CloudSession session, String fingerprint)
            throws IOException {
        Files.writeString(
                reports.resolve(stack.specId() + ".json"),
                "{\"id\": \"" + stack.specId()
                        + "\", \"stackName\": \"" + stack.name() + "\", \"fingerprint\": \"" + fingerprint
                        + "\", \"region\": \"" + session.region() + "\", \"account\": \"" + session.accountId()
                        + "\", \"endpoint\": \"" + session.endpoint().orElseThrow() + "\"}");
    }

    private static List<StackSummary> stacksOf(CloudTestRun run) {
        return run.session().client(CloudFormationClient.class).listStacksPaginator().stackSummaries().stream()
                .filter(s -> s.stackName().contains(run.runId()))
                .toList();
    }

    private static StackStatus status(CloudTestRun run, Stack stack) {
        return run.session()
                .client(CloudFormationClient.class)
                .describeStacks(r -> r.stackName(stack.stackId()))
                .stacks()
                .get(0)
                .stackStatus();
    }
}
