package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cloudtest.core.exception.TargetUnavailableException;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The container target. Where Docker is missing (as on the project's own CI), the Docker test is skipped with the
 * reason and its twin — the same lifecycle on the emulator target — is {@link LifecycleIT}; what does run here is
 * that the target refuses clearly.
 */
class ContainerTargetIT {

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void without_docker_the_container_target_is_unavailable_and_says_what_to_do() {
        assumeFalse(dockerAvailable(), "Docker is available here; the refusal cannot be shown");
        CloudTestConfig config = TestTargets.moto()
                .set(CloudTestConfig.ENDPOINT, "")
                .set(CloudTestConfig.TARGET, "container")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("needs Docker")
                .hasMessageContaining("cloudtest.target=emulator");
    }

    @Test
    void with_docker_a_stack_provisions_in_a_moto_container() {
        assumeTrue(dockerAvailable(), "Docker is not available here; LifecycleIT runs the same on the emulator target");
        CloudTestConfig config = TestTargets.moto()
                .set(CloudTestConfig.ENDPOINT, "")
                .set(CloudTestConfig.TARGET, "container")
                .build();
        try (CloudTestRun run = CloudTestRun.start(config)) {
            Stack stack = run.provision(StackSpec.builder()
                    .templateResource("stacks/queue-only.yaml")
                    .build());

            assertThat(stack.output("QueueUrl")).contains(stack.name());
            assertThat(run.teardown(stack).isClean()).isTrue();
        }
    }
}
