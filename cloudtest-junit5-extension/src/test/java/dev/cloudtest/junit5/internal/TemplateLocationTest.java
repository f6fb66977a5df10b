package dev.cloudtest.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.StackSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.PreconditionViolationException;

class TemplateLocationTest {
    @TempDir
    Path workingDirectory;

    private TemplateLocation location() {
        return new TemplateLocation(getClass().getClassLoader(), workingDirectory);
    }

    private String origin(String template) {
        return location().apply(template, StackSpec.builder(), "here").build().templateOrigin();
    }

    @Test
    void a_plain_name_is_a_classpath_resource_when_one_exists() {
        assertThat(origin("stacks/journey.yaml")).isEqualTo("classpath:stacks/journey.yaml");
        assertThat(origin("/stacks/journey.yaml")).isEqualTo("classpath:stacks/journey.yaml");
    }

    @Test
    void a_plain_name_is_a_file_relative_to_the_working_directory_when_no_resource_has_it() throws IOException {
        Path file = Files.createDirectories(workingDirectory.resolve("infra")).resolve("orders.yaml");
        Files.writeString(file, "Resources: {}");

        assertThat(origin("infra/orders.yaml")).isEqualTo(file.toString());
    }

    @Test
    void a_directory_with_a_manifest_is_a_cdk_cloud_assembly() throws IOException {
        Path out = Files.createDirectories(workingDirectory.resolve("cdk.out"));
        Files.writeString(out.resolve("manifest.json"), "{\"version\": \"54.0.0\", \"artifacts\": {}}");

        assertThat(origin("cdk.out")).isEqualTo(out + " (CDK app)");
        assertThat(location()
                        .apply("file:cdk.out", StackSpec.builder().cdkStack("OrdersStack"), "here")
                        .build()
                        .templateOrigin())
                .isEqualTo(out + " (CDK stack OrdersStack)");
    }

    @Test
    void the_file_prefix_always_means_a_file() throws IOException {
        Files.createDirectories(workingDirectory.resolve("stacks"));
        Path file = Files.writeString(workingDirectory.resolve("stacks/journey.yaml"), "Resources: {}");

        assertThat(origin("file:stacks/journey.yaml")).isEqualTo(file.toString());
    }

    @Test
    void the_classpath_prefix_always_means_a_resource() {
        assertThat(origin("classpath:stacks/journey.yaml")).isEqualTo("classpath:stacks/journey.yaml");
    }

    @Test
    void a_missing_file_names_the_resolved_path() {
        assertThatThrownBy(() -> origin("file:nope.yaml"))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining(workingDirectory.resolve("nope.yaml").toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void a_missing_resource_says_where_to_put_it() {
        assertThatThrownBy(() -> origin("classpath:nope.yaml"))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("Put it under src/test/resources");
    }

    @Test
    void a_template_found_nowhere_says_both_places_were_searched() {
        assertThatThrownBy(() -> origin("orders.yaml"))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("neither a classpath resource nor a file relative to the working directory")
                .hasMessageContaining("file:src/main/cloudformation/orders.yaml");
    }

    @Test
    void a_blank_template_is_refused() {
        assertThatThrownBy(() -> origin(" "))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("has no template");
    }
}
