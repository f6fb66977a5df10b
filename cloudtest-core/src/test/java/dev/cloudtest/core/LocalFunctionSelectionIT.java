package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** cloudtest.local-functions with logical ids runs just those functions locally. */
class LocalFunctionSelectionIT {

    @Test
    void only_the_listed_functions_run_locally() {
        CloudTestConfig config = TestTargets.moto()
                .set(CloudTestConfig.LOCAL_FUNCTIONS, "UpperCase")
                .build();
        try (CloudTestRun run = CloudTestRun.start(config)) {
            Stack stack = run.provision(StackSpec.builder()
                    .templateResource("stacks/local-functions.yaml")
                    .build());

            assertThat(run.localFunction(stack, "UpperCase").invoke("{\"word\": \"one\"}"))
                    .isEqualTo("{\"WORD\": \"ONE\"}");
            assertThatThrownBy(() -> run.localFunction(stack, "Order"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no local function 'Order'")
                    .hasMessageContaining("[UpperCase]");
        }
    }
}
