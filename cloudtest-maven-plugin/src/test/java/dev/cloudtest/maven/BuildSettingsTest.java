package dev.cloudtest.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.exception.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildSettingsTest {

    @TempDir
    Path basedir;

    private static Properties properties(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return properties;
    }

    @Test
    void user_properties_win_over_the_poms_properties() {
        BuildSettings settings = BuildSettings.from(
                properties(Map.of("cloudtest.region", "eu-west-1")),
                properties(Map.of("cloudtest.region", "us-east-1")));

        assertThat(settings.settings().get("cloudtest.region"))
                .isEqualTo(new BuildSettings.Setting("cloudtest.region", "us-east-1", "-Dcloudtest.region"));
    }

    @Test
    void a_typed_parameter_wins_over_the_poms_property_and_a_user_property_over_both() {
        Map<String, Map.Entry<String, String>> parameters = Map.of(
                "cloudtest.keep", Map.entry("keep", "always"),
                "cloudtest.ttl", Map.entry("ttl", "3h"));

        BuildSettings settings = BuildSettings.from(
                parameters,
                properties(Map.of("cloudtest.keep", "on-failure", "cloudtest.ttl", "1h")),
                properties(Map.of("cloudtest.ttl", "30m")));

        assertThat(settings.settings().get("cloudtest.keep"))
                .isEqualTo(new BuildSettings.Setting(
                        "cloudtest.keep", "always", "<keep> in the plugin's <configuration>"));
        assertThat(settings.settings().get("cloudtest.ttl"))
                .isEqualTo(new BuildSettings.Setting("cloudtest.ttl", "30m", "-Dcloudtest.ttl"));
    }

    @Test
    void a_pom_property_is_remembered_as_coming_from_the_pom() {
        BuildSettings settings =
                BuildSettings.from(properties(Map.of("cloudtest.keep", "on-failure")), new Properties());

        assertThat(settings.settings().get("cloudtest.keep").origin())
                .isEqualTo("<cloudtest.keep> in the pom's <properties>");
    }

    @Test
    void only_core_settings_are_collected_not_exported_stack_properties_or_plugin_switches() {
        BuildSettings settings = BuildSettings.from(
                properties(Map.of(
                        "cloudtest.queue.output.QueueUrl", "http://q",
                        "cloudtest.queue.stack-name", "ct-queue-x",
                        "cloudtest.fail-on-leftovers", "false",
                        "project.build.sourceEncoding", "UTF-8")),
                properties(Map.of("cloudtest.skip", "false", "cloudtest.keep", "always", "skipITs", "true")));

        assertThat(settings.settings()).containsOnlyKeys("cloudtest.keep");
    }

    @Test
    void settings_become_the_runs_configuration() {
        BuildSettings settings = BuildSettings.from(
                new Properties(), properties(Map.of("cloudtest.guard.allowed-regions", "eu-west-1,us-east-1")));

        CloudTestConfig config = settings.toConfig(basedir, basedir.resolve("target"));

        assertThat(config.list(CloudTestConfig.GUARD_ALLOWED_REGIONS)).containsExactly("eu-west-1", "us-east-1");
    }

    @Test
    void run_reports_go_to_the_projects_build_directory_by_default() {
        CloudTestConfig config =
                BuildSettings.from(new Properties(), new Properties()).toConfig(basedir, basedir.resolve("build"));

        assertThat(config.reportDirectory()).isEqualTo(basedir.resolve("build").resolve("cloudtest"));
    }

    @Test
    void a_configured_report_directory_wins() {
        CloudTestConfig config = BuildSettings.from(
                        properties(Map.of("cloudtest.report.dir", "/tmp/reports")), new Properties())
                .toConfig(basedir, basedir.resolve("target"));

        assertThat(config.reportDirectory()).isEqualTo(Path.of("/tmp/reports"));
    }

    @Test
    void the_projects_cloudtest_properties_file_is_read_but_build_properties_win() throws Exception {
        Files.writeString(basedir.resolve("cloudtest.properties"), "cloudtest.ttl=2h\ncloudtest.name-prefix=file\n");

        CloudTestConfig config = BuildSettings.from(
                        properties(Map.of("cloudtest.name-prefix", "pom")), new Properties())
                .toConfig(basedir, basedir.resolve("target"));

        assertThat(config.raw(CloudTestConfig.TTL)).contains("2h");
        assertThat(config.namePrefix()).isEqualTo("pom");
    }

    @Test
    void an_invalid_value_fails_naming_the_key() {
        BuildSettings settings =
                BuildSettings.from(new Properties(), properties(Map.of("cloudtest.keep", "sometimes")));

        assertThatThrownBy(() -> settings.toConfig(basedir, basedir.resolve("target")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.keep");
    }

    @Test
    void origins_are_given_for_the_settings_a_message_names() {
        BuildSettings settings = BuildSettings.from(
                properties(Map.of("cloudtest.ttl", "1h")), properties(Map.of("cloudtest.keep", "sometimes")));

        assertThat(settings.originsMentionedIn("Invalid cloudtest.keep=sometimes (from builder)."))
                .isEqualTo("cloudtest.keep is set by -Dcloudtest.keep.");
        assertThat(settings.originsMentionedIn("Something about nothing.")).isEmpty();
    }
}
