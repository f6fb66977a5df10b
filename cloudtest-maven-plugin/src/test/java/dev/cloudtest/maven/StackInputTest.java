package dev.cloudtest.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.StackSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackInputTest {
    @TempDir
    Path dir;

    private StackSpec spec(File template, String cdkApp, String cdkStack) throws MojoFailureException {
        return new StackInput(template, cdkApp, cdkStack, Map.of(), Map.of(), null)
                .spec(
                        dir,
                        () -> {
                            throw new AssertionError("no classpath is needed without a CDK app");
                        },
                        dir.resolve("target"));
    }

    @Test
    void a_template_and_a_cdk_app_together_are_refused() {
        assertThatThrownBy(() -> spec(new File("t.yaml"), "com.example.App", null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("set one of them");
    }

    @Test
    void neither_is_refused_naming_both() {
        assertThat(new StackInput(null, " ", null, null, null, null).present()).isFalse();
        assertThatThrownBy(() -> spec(null, null, null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<template>")
                .hasMessageContaining("<cdkApp>");
    }

    @Test
    void a_directory_that_is_no_cloud_assembly_is_refused() throws Exception {
        Files.createDirectories(dir.resolve("cdk.out"));
        assertThatThrownBy(() -> spec(dir.resolve("cdk.out").toFile(), null, null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("neither a file nor a CDK cloud assembly");
    }

    @Test
    void a_cloud_assembly_directory_is_a_template_and_its_stack_names_the_id() throws Exception {
        Path assembly = Files.createDirectories(dir.resolve("cdk.out"));
        Files.writeString(assembly.resolve("manifest.json"), "{}");
        StackSpec spec = spec(assembly.toFile(), null, "OrdersStack");
        assertThat(spec.id()).isEqualTo("orders-stack");
        assertThat(spec.templateOrigin()).contains("CDK stack OrdersStack");
    }

    @Test
    void a_template_file_keeps_its_parameters_and_tags() throws Exception {
        Path template = Files.writeString(dir.resolve("orders.yaml"), "Resources: {}\n");
        StackSpec spec = new StackInput(
                        template.toFile(),
                        null,
                        null,
                        java.util.Collections.singletonMap("Stage", null),
                        Map.of("team", "orders"),
                        " orders-api ")
                .spec(dir, List::of, dir.resolve("target"));
        assertThat(spec.id()).isEqualTo("orders-api");
        assertThat(spec.parameters()).containsEntry("Stage", "");
        assertThat(spec.tags()).containsEntry("team", "orders");
    }
}
