package dev.cloudtest.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.exception.TeardownIncompleteException;
import dev.cloudtest.core.report.TeardownReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class MojoFailuresTest {

    private static MojoFailures failures(Map<String, String> userProperties) {
        Properties user = new Properties();
        user.putAll(userProperties);
        return new MojoFailures(BuildSettings.from(new Properties(), user));
    }

    @Test
    void a_guard_violation_fails_the_build_with_the_guard_message_and_where_its_setting_comes_from() {
        var guard = new GuardViolationException(
                "account",
                "123456789012",
                "Account 123456789012 is in cloudtest.guard.blocked-accounts. Remove it to allow it.");

        var translated = failures(Map.of("cloudtest.guard.blocked-accounts", "123456789012"))
                .translate(guard, "<template>");

        assertThat(translated).isInstanceOf(MojoFailureException.class).hasCause(guard);
        assertThat(translated.getMessage())
                .contains("nothing was created")
                .contains("[guard account] Account 123456789012 is in cloudtest.guard.blocked-accounts")
                .contains("cloudtest.guard.blocked-accounts is set by -Dcloudtest.guard.blocked-accounts.");
    }

    @Test
    void a_configuration_error_about_a_setting_names_the_d_property() {
        var invalid = new ConfigurationException("Invalid cloudtest.keep=sometimes (from builder). Use never.");

        var translated = failures(Map.of("cloudtest.keep", "sometimes")).translate(invalid, "<template>");

        assertThat(translated).isInstanceOf(MojoFailureException.class);
        assertThat(translated.getMessage())
                .contains("Invalid cloudtest.keep=sometimes")
                .contains("cloudtest.keep is set by -Dcloudtest.keep.")
                .doesNotContain("<template>");
    }

    @Test
    void a_configuration_error_about_the_goals_input_names_the_configuration_elements() {
        var invalid = new ConfigurationException("Invalid stack id '1x': use letters, digits or '-'.");

        var translated = failures(Map.of()).translate(invalid, "<template>, <stackId>, <parameters> or <tags>");

        assertThat(translated).isInstanceOf(MojoFailureException.class);
        assertThat(translated.getMessage())
                .contains("Invalid stack id '1x'")
                .contains("Check <template>, <stackId>, <parameters> or <tags> in the plugin's <configuration>.");
    }

    @Test
    void an_unavailable_target_is_a_build_error_that_says_how_to_get_one() {
        var unavailable = new TargetUnavailableException("No emulator found: install moto.");

        var translated = failures(Map.of()).translate(unavailable, "");

        assertThat(translated).isInstanceOf(MojoExecutionException.class);
        assertThat(translated.getMessage())
                .contains("No emulator found: install moto.")
                .contains("-Dcloudtest.endpoint=")
                .contains("-DskipITs");
    }

    @Test
    void a_failed_provisioning_fails_the_build_with_the_diagnosis() {
        var failed = new ProvisioningFailedException(
                "ct-orders-run1", "Table (AWS::DynamoDB::Table): invalid KeySchema", "Table", null);

        var translated = failures(Map.of()).translate(failed, "");

        assertThat(translated).isInstanceOf(MojoFailureException.class);
        assertThat(translated.getMessage())
                .startsWith(
                        "Stack ct-orders-run1 could not be provisioned: Table (AWS::DynamoDB::Table): invalid KeySchema")
                .contains("<template>");
    }

    @Test
    void an_incomplete_teardown_fails_the_build_listing_the_leftovers() {
        var incomplete = new TeardownIncompleteException(List.of(new TeardownReport(
                "ct-orders-run1",
                List.of(),
                List.of(new TeardownReport.Leftover("Bucket (AWS::S3::Bucket) b1", "not empty")),
                Duration.ofSeconds(1))));

        var translated = failures(Map.of()).translate(incomplete, "");

        assertThat(translated).isInstanceOf(MojoFailureException.class);
        assertThat(translated.getMessage()).contains("ct-orders-run1: Bucket (AWS::S3::Bucket) b1: not empty");
    }

    @Test
    void an_error_answered_by_the_target_is_a_build_error_naming_the_target_settings() {
        var answered = SdkClientException.create("Unable to execute HTTP request: Connection refused");

        var translated = failures(Map.of()).translate(answered);

        assertThat(translated).isInstanceOf(MojoExecutionException.class).hasCause(answered);
        assertThat(translated.getMessage()).contains("Connection refused").contains("cloudtest.endpoint");
    }

    @Test
    void a_missing_template_parameter_is_asked_for_in_maven_syntax() {
        var missing = new dev.cloudtest.core.exception.MissingParametersException(
                "src/main/cloudformation/orders.yaml", java.util.List.of("Stage", "ApiKey"));

        var translated = failures(Map.of()).translate(missing, "<template> or <parameters>");

        assertThat(translated).isInstanceOf(MojoFailureException.class).hasCause(missing);
        assertThat(translated.getMessage())
                .contains("requires parameter(s) Stage, ApiKey")
                .contains("<parameters><Stage>...</Stage><ApiKey>...</ApiKey></parameters>")
                .doesNotContain("@CloudStack")
                .doesNotContain(".parameter(");
    }
}
