package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSpecTest {
    private static final String BODY = "Resources:\n  Q: {Type: AWS::SQS::Queue}\n";

    @TempDir
    Path dir;

    private static StackSpec.Builder inline() {
        return StackSpec.builder().templateBody(BODY);
    }

    @Test
    void spec_without_template_is_refused_with_the_ways_to_give_one() {
        StackSpec.Builder builder = StackSpec.builder().id("orders");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("template(Path)")
                .hasMessageContaining("templateResource(String)")
                .hasMessageContaining("templateBody(String)");
    }

    @Test
    void reserved_tag_prefix_is_a_guard_violation() {
        StackSpec.Builder builder = inline().tag("cloudtest:run-id", "mine");

        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                    assertThat(e.guard()).isEqualTo("tags");
                    assertThat(e.offendingValue()).isEqualTo("cloudtest:run-id");
                })
                .hasMessageContaining("Rename the tag");
    }

    @Test
    void reserved_tag_prefix_is_recognised_in_any_case() {
        StackSpec.Builder builder = inline().tag("CloudTest:owner", "me");

        assertThatThrownBy(builder::build).isInstanceOf(GuardViolationException.class);
    }

    @Test
    void parameters_are_parsed_from_name_value_entries() {
        StackSpec spec = inline().parameters("Stage=test", " Size =5", "Url=http://x/?a=b")
                .build();

        assertThat(spec.parameters())
                .containsExactly(Map.entry("Stage", "test"), Map.entry("Size", "5"), Map.entry("Url", "http://x/?a=b"));
    }

    @Test
    void parameter_entry_may_have_an_empty_value() {
        assertThat(inline().parameters("Suffix=").build().parameters()).containsEntry("Suffix", "");
    }

    @Test
    void parameter_entry_without_equals_sign_is_refused() {
        StackSpec.Builder builder = inline();

        assertThatThrownBy(() -> builder.parameters("Stage"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'Stage'")
                .hasMessageContaining("Name=value");
    }

    @Test
    void parameter_entry_without_name_is_refused() {
        StackSpec.Builder builder = inline();

        assertThatThrownBy(() -> builder.parameters("=test")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void default_id_is_the_file_name_without_extension() {
        StackSpec spec = StackSpec.builder()
                .template(Path.of("src/x/order-pipeline.yaml"))
                .build();

        assertThat(spec.id()).isEqualTo("order-pipeline");
    }

    @Test
    void default_id_of_a_classpath_resource_is_its_file_name() {
        assertThat(StackSpec.builder()
                        .templateResource("/stacks/queue-only.yaml")
                        .build()
                        .id())
                .isEqualTo("queue-only");
    }

    @Test
    void default_id_drops_leading_digits_and_odd_characters() {
        StackSpec spec = StackSpec.builder()
                .template(Path.of("01_orders stack.template.json"))
                .build();

        assertThat(spec.id()).isEqualTo("orders-stack");
    }

    @Test
    void default_id_of_an_inline_template_is_stack() {
        assertThat(inline().build().id()).isEqualTo("stack");
    }

    @Test
    void explicit_id_must_start_with_a_letter() {
        StackSpec.Builder builder = inline().id("1orders");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'1orders'");
    }

    @Test
    void specs_with_the_same_settings_are_equal() {
        StackSpec a = inline().id("orders")
                .parameter("Stage", "test")
                .tag("team", "a")
                .build();
        StackSpec b = inline().id("orders")
                .parameter("Stage", "test")
                .tag("team", "a")
                .build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void specs_with_different_parameters_differ() {
        StackSpec a = inline().parameter("Stage", "test").build();
        StackSpec b = inline().parameter("Stage", "prod").build();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void to_builder_gives_an_equal_spec() {
        StackSpec spec = inline().id("orders")
                .capability("CAPABILITY_IAM")
                .tag("team", "a")
                .build();

        assertThat(spec.toBuilder().build()).isEqualTo(spec);
    }

    @Test
    void inline_template_is_returned_as_given() {
        assertThat(inline().build().readTemplate()).isEqualTo(BODY);
    }

    @Test
    void file_template_is_read() throws IOException {
        Path file = dir.resolve("orders.yaml");
        Files.writeString(file, BODY);

        StackSpec spec = StackSpec.builder().template(file).build();

        assertThat(spec.readTemplate()).isEqualTo(BODY);
        assertThat(spec.templateFile()).contains(file);
    }

    @Test
    void missing_template_file_is_named_by_absolute_path() {
        Path missing = dir.resolve("nope/orders.yaml");
        StackSpec spec = StackSpec.builder().template(missing).build();

        assertThatThrownBy(spec::readTemplate)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Template file not found: " + missing.toAbsolutePath());
    }

    @Test
    void classpath_template_is_read() {
        StackSpec spec =
                StackSpec.builder().templateResource("stacks/queue-only.yaml").build();

        assertThat(spec.readTemplate()).contains("Resources");
        assertThat(spec.templateOrigin()).isEqualTo("classpath:stacks/queue-only.yaml");
    }

    @Test
    void missing_classpath_template_says_where_to_put_it() {
        StackSpec spec =
                StackSpec.builder().templateResource("stacks/nope.yaml").build();

        assertThatThrownBy(spec::readTemplate)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Template not found on the classpath: stacks/nope.yaml")
                .hasMessageContaining("src/test/resources");
    }
}
