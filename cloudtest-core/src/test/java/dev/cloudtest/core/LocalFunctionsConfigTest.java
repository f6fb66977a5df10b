package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
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
    void a_value_that_is_neither_a_choice_nor_logical_ids_is_refused_naming_the_key_and_the_choices() {
        assertThatThrownBy(() -> config("some times!"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.local-functions")
                .hasMessageContaining("some times!")
                .hasMessageContaining("auto, always (or *), never, or logical ids");
    }

    @Test
    void star_means_always() {
        assertThat(config("*").localFunctions(false)).isTrue();
        assertThat(config("*").localFunctionIds(false)).isEmpty();
    }

    @Test
    void a_list_of_logical_ids_selects_just_those_on_any_target() {
        CloudTestConfig config = config("PlaceOrderFunction, FulfilOrderFunction");

        assertThat(config.localFunctions(false)).isTrue();
        assertThat(config.localFunctionIds(true))
                .contains(java.util.List.of("PlaceOrderFunction", "FulfilOrderFunction"));
    }

    @Test
    void auto_selects_every_function_on_emulators_and_none_on_aws() {
        assertThat(config(null).localFunctionIds(true)).isEmpty();
        assertThat(config(null).localFunctionIds(false)).contains(java.util.List.of());
    }

    @Test
    void debug_names_a_function_and_a_port_defaulting_to_5005() {
        assertThat(debug("PlaceOrderFunction").debugFunction())
                .contains(java.util.Map.entry("PlaceOrderFunction", 5005));
        assertThat(debug("PlaceOrderFunction:8000").debugFunction())
                .contains(java.util.Map.entry("PlaceOrderFunction", 8000));
        assertThat(config(null).debugFunction()).isEmpty();
    }

    @Test
    void an_invalid_debug_value_is_refused_with_the_form_to_use() {
        assertThatThrownBy(() -> debug("PlaceOrder:99999"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.debug=PlaceOrder:99999")
                .hasMessageContaining("<logical id>[:port]");
    }

    private static CloudTestConfig debug(String value) {
        return CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.DEBUG, value)
                .build();
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
