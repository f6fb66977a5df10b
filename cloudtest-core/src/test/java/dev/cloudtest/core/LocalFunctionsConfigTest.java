package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** cloudtest.local-functions: auto runs functions locally only on emulators. */
class LocalFunctionsConfigTest {

    @Test
    void auto_is_the_default_and_means_emulators_only() {
        CloudTestConfig config = config(null);

        assertThat(config.localFunctions(true)).isTrue();
        assertThat(config.localFunctions(false)).isFalse();
    }

    @Test
    void always_and_never_ignore_the_target() {
        assertThat(config("always").localFunctions(false)).isTrue();
        assertThat(config("never").localFunctions(true)).isFalse();
    }

    @Test
    void an_unknown_value_is_refused_naming_the_key_and_the_choices() {
        assertThatThrownBy(() -> config("sometimes"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.local-functions")
                .hasMessageContaining("sometimes")
                .hasMessageContaining("auto, always, never");
    }

    private static CloudTestConfig config(String value) {
        CloudTestConfig.Builder builder = CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty());
        if (value != null) {
            builder.set(CloudTestConfig.LOCAL_FUNCTIONS, value);
        }
        return builder.build();
    }
}
