package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.hooks.RecordingHooks;
import dev.cloudtest.core.report.CheckReport;
import dev.cloudtest.core.report.RunReport;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The stack hook SPI as the pipeline drives it, proved with two fake hooks registered only through {@code
 * META-INF/services} in test resources ({@link RecordingHooks}): every step of a create, a reuse-update and a teardown
 * in the order {@code StackHook} documents, and an unwind when a hook fails after creation that leaves nothing behind.
 */
class StackHooksIT {
    private static final StackSpec HOOKED =
            StackSpec.builder().templateResource("stacks/hooked.yaml").build();

    private String runId;

    @AfterEach
    void disableHooks() {
        RecordingHooks.disable(runId);
    }

    private CloudTestConfig config() {
        CloudTestConfig config = TestTargets.moto().build();
        runId = config.runId();
        return config;
    }

    @Test
    void hooks_are_called_at_every_step_of_a_create_and_a_teardown_in_the_documented_order() {
        CloudTestConfig config = config();
        RecordingHooks.Recorder recorder = RecordingHooks.enable(runId, false);
        try (CloudTestRun run = CloudTestRun.start(config)) {
            Stack stack = run.provision(HOOKED);

            assertThat(recorder.calls())
                    .containsExactly(
                            "first.check",
                            "second.check",
                            "first.beforeCreate",
                            "second.beforeCreate",
                            "first.acceptMissing:Pipe",
                            "second.acceptMissing:Pipe",
                            "first.afterCreate:CREATED",
                            "second.afterCreate:CREATED");
            recorder.clear();

            assertThat(run.teardown(stack).isClean()).isTrue();

            assertThat(recorder.calls())
                    .containsExactly("second.release", "first.release", "second.beforeDelete", "first.beforeDelete");
            assertThat(queueExists(run, RecordingHooks.queueOf(stack.name()))).isFalse();
        }
    }

    @Test
    void hooks_take_part_in_a_reuse_update_and_a_reused_unchanged_stack() {
        CloudTestConfig config = config();
        RecordingHooks.Recorder recorder = RecordingHooks.enable(runId, false);
        String reuse = "hooks-" + runId;
        Stack created;
        try (CloudTestRun run = CloudTestRun.start(config)) {
            created = run.provisionOrReuse(HOOKED, reuse);
        }
        assertThat(recorder.calls()).contains("first.afterCreate:CREATED", "second.afterCreate:CREATED");
        // The run ended: its hooks let go of the reuse stack, which stays up.
        assertThat(recorder.calls()).endsWith("second.release", "first.release");
        recorder.clear();

        try (CloudTestRun run = CloudTestRun.start(config)) {
            run.provisionOrReuse(HOOKED, reuse);
            assertThat(recorder.calls()).contains("first.afterCreate:REUSED", "second.afterCreate:REUSED");
            recorder.clear();

            StackSpec changed = HOOKED.toBuilder().parameter("Stage", "changed").build();
            Stack updated = run.provisionOrReuse(changed, reuse);

            assertThat(updated.stackId()).isEqualTo(created.stackId());
            assertThat(recorder.calls())
                    .containsExactly(
                            "first.check",
                            "second.check",
                            "first.beforeCreate",
                            "second.beforeCreate",
                            "first.acceptMissing:Pipe",
                            "second.acceptMissing:Pipe",
                            "first.afterCreate:UPDATED",
                            "second.afterCreate:UPDATED");
            recorder.clear();

            // Reuse stacks carry the creating run's id; this run has the same id and may remove it.
            assertThat(run.teardown(updated).isClean()).isTrue();
            assertThat(recorder.calls()).containsSubsequence("second.beforeDelete", "first.beforeDelete");
            assertThat(queueExists(run, RecordingHooks.queueOf(updated.name()))).isFalse();
        }
    }

    @Test
    void a_hook_failing_after_create_unwinds_the_earlier_hooks_and_tears_the_stack_down_leaving_nothing() {
        CloudTestConfig config = config();
        RecordingHooks.Recorder recorder = RecordingHooks.enable(runId, true);
        String stackName;
        try (CloudTestRun run = CloudTestRun.start(config)) {
            assertThatThrownBy(() -> run.provision(HOOKED))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the second fake hook fails after create");

            assertThat(recorder.calls())
                    .containsSubsequence(
                            "first.afterCreate:CREATED",
                            "second.afterCreate:CREATED",
                            "second.release",
                            "first.release",
                            "second.beforeDelete",
                            "first.beforeDelete");
            RunReport.StackEntry entry = run.report().stacks().get(0);
            assertThat(entry.outcome()).isEqualTo(RunReport.Outcome.FAILED);
            assertThat(entry.diagnosis()).contains("second failed after the stack was created");
            stackName = entry.name();

            // An independent listing: neither the stack nor what the first hook created is left.
            assertThat(queueExists(run, RecordingHooks.queueOf(stackName))).isFalse();
            assertThat(run.session().client(CloudFormationClient.class).listStacksPaginator().stackSummaries().stream()
                            .filter(s -> s.stackName().equals(stackName))
                            .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE)
                            .toList())
                    .isEmpty();
            assertThat(run.report().leftovers()).isEmpty();
        }
    }

    @Test
    void check_lists_what_each_hook_would_do_and_runs_their_checks_without_creating_anything() {
        CloudTestConfig config = config();
        RecordingHooks.Recorder recorder = RecordingHooks.enable(runId, false);

        CheckReport report = CloudTestRun.check(config, List.of(HOOKED));

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(recorder.calls())
                .containsExactly("first.describe", "second.describe", "first.check", "second.check");
        assertThat(report.stacks().get(0).notes())
                .contains("first: would record " + report.stacks().get(0).stackName());
    }

    private static boolean queueExists(CloudTestRun run, String name) {
        return run.session().client(SqsClient.class).listQueues(r -> r.queueNamePrefix(name)).queueUrls().stream()
                .map(url -> url.substring(url.lastIndexOf('/') + 1))
                .anyMatch(name::equals);
    }
}
