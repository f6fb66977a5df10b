package dev.cloudtest.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.KeepPolicy;
import dev.cloudtest.core.exception.ConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunConfigurationTest {

    @Test
    void junit_configuration_parameters_set_cloudtest_keys() {
        Map<String, String> junit = Map.of("cloudtest.keep", "on-failure", "cloudtest.run-id", "ide1");

        CloudTestConfig config = RunConfiguration.build(key -> Optional.ofNullable(junit.get(key)), List.of());

        assertThat(config.keep()).isEqualTo(KeepPolicy.ON_FAILURE);
        assertThat(config.runId()).isEqualTo("ide1");
    }

    @Test
    void programmatic_settings_win_over_junit_configuration_parameters() {
        Map<String, String> junit = Map.of("cloudtest.keep", "on-failure");

        CloudTestConfig config = RunConfiguration.build(
                key -> Optional.ofNullable(junit.get(key)), List.of(c -> c.set(CloudTestConfig.KEEP, "always")));

        assertThat(config.keep()).isEqualTo(KeepPolicy.ALWAYS);
    }

    @Test
    void an_invalid_value_from_junit_parameters_names_the_key() {
        assertThatThrownBy(() -> RunConfiguration.build(
                        key -> key.equals("cloudtest.keep") ? Optional.of("sometimes") : Optional.empty(), List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.keep=sometimes");
    }
}
