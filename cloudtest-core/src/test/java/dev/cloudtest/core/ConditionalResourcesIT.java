package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ProvisioningFailedException;
import org.junit.jupiter.api.Test;

/**
 * The check that every declared resource exists covers conditional resources too: their conditions are evaluated with
 * the stack's parameters, so one that should exist and that the emulator skipped fails provisioning, and one whose
 * condition is false is not expected.
 */
class ConditionalResourcesIT {
    private static final StackSpec.Builder CONDITIONAL =
            StackSpec.builder().templateResource("stacks/conditional-pipe.yaml");

    @Test
    void a_conditional_resource_whose_condition_is_true_and_that_the_emulator_skipped_fails_provisioning() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            assertThatThrownBy(() -> run.provision(CONDITIONAL.build()))
                    .isInstanceOfSatisfying(ProvisioningFailedException.class, e -> assertThat(e.failedResource())
                            .hasValue("Pipe"))
                    .hasMessageContaining("Pipe (AWS::Pipes::Pipe)");
            assertThat(run.report().leftovers()).isEmpty();
        }
    }

    @Test
    void a_conditional_resource_whose_condition_is_false_is_not_expected() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(CONDITIONAL.parameter("WithPipe", "no").build());

            assertThat(stack.resourceTypes())
                    .containsKeys("Queue", "DebugQueue")
                    .doesNotContainKey("Pipe");
        }
    }
}
