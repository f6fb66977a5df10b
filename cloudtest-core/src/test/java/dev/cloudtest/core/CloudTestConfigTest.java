package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudTestConfigTest {

    @TempDir
    Path dir;

    /** A builder that reads none of the machine's sources, so tests see only what they set. */
    private static CloudTestConfig.Builder isolated() {
        return CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty());
    }

    private static Properties properties(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }

    private Path file(String content) throws IOException {
        Path file = dir.resolve("cloudtest.properties");
        Files.writeString(file, content);
        return file;
    }

    // ---- typed settings -----------------------------------------------------------------------------------------

    @Test
    void typed_settings_set_the_keys_they_name_and_win_like_set() {
        CloudTestConfig config = isolated()
                .systemProperties(properties("cloudtest.keep", "always"))
                .target(TargetKind.ENDPOINT)
                .endpoint(java.net.URI.create("http://127.0.0.1:4566"))
                .region("eu-west-1")
                .keep(KeepPolicy.ON_FAILURE)
                .ttl(Duration.ofMinutes(90))
                .awaitTimeout(Duration.ofSeconds(45))
                .provisionTimeout(Duration.ofMinutes(12))
                .teardownTimeout(Duration.ofMillis(1500))
                .skipWithoutTarget(true)
                .build();

        assertThat(config.target()).isEqualTo(TargetKind.ENDPOINT);
        assertThat(config.raw(CloudTestConfig.ENDPOINT)).contains("http://127.0.0.1:4566");
        assertThat(config.raw(CloudTestConfig.REGION)).contains("eu-west-1");
        assertThat(config.keep()).isEqualTo(KeepPolicy.ON_FAILURE);
        assertThat(config.source(CloudTestConfig.KEEP)).contains("builder");
        assertThat(config.ttl()).isEqualTo(Duration.ofMinutes(90));
        assertThat(config.awaitTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.provisionTimeout()).isEqualTo(Duration.ofMinutes(12));
        assertThat(config.teardownTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.skipWithoutTarget()).isTrue();
    }

    @Test
    void a_typed_duration_that_is_not_positive_is_refused_naming_it() {
        assertThatThrownBy(() -> isolated().ttl(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.ttl must be positive");
    }

    // ---- precedence -------------------------------------------------------------------------------------------

    @Test
    void builder_value_wins_over_system_property() {
        CloudTestConfig config = isolated()
                .systemProperties(properties("cloudtest.keep", "always"))
                .set(CloudTestConfig.KEEP, "on-failure")
                .build();

        assertThat(config.keep()).isEqualTo(KeepPolicy.ON_FAILURE);
        assertThat(config.source(CloudTestConfig.KEEP)).contains("builder");
    }

    @Test
    void system_property_wins_over_environment() {
        CloudTestConfig config = isolated()
                .systemProperties(properties("cloudtest.keep", "always"))
                .environment(Map.of("CLOUDTEST_KEEP", "on-failure"))
                .build();

        assertThat(config.keep()).isEqualTo(KeepPolicy.ALWAYS);
        assertThat(config.source(CloudTestConfig.KEEP)).contains("system property");
    }

    @Test
    void environment_wins_over_properties_file() throws IOException {
        CloudTestConfig config = isolated()
                .propertiesFile(Optional.of(file("cloudtest.keep=always\n")))
                .environment(Map.of("CLOUDTEST_KEEP", "on-failure"))
                .build();

        assertThat(config.keep()).isEqualTo(KeepPolicy.ON_FAILURE);
        assertThat(config.source(CloudTestConfig.KEEP)).contains("environment CLOUDTEST_KEEP");
    }

    @Test
    void properties_file_is_read_when_no_other_source_sets_the_key() throws IOException {
        Path file = file("cloudtest.name-prefix=itest\n");

        CloudTestConfig config = isolated().propertiesFile(Optional.of(file)).build();

        assertThat(config.namePrefix()).isEqualTo("itest");
        assertThat(config.source(CloudTestConfig.NAME_PREFIX)).contains(file.toString());
    }

    @Test
    void blank_value_from_a_higher_source_unsets_the_key() {
        CloudTestConfig config = isolated()
                .systemProperties(properties("cloudtest.keep", "always"))
                .set(CloudTestConfig.KEEP, " ")
                .build();

        assertThat(config.raw(CloudTestConfig.KEEP)).isEmpty();
        assertThat(config.keep()).isEqualTo(KeepPolicy.NEVER);
    }

    @Test
    void environment_variables_map_to_dotted_keys_with_dashes() {
        CloudTestConfig config = isolated()
                .environment(Map.of("CLOUDTEST_GUARD_ALLOWED_ACCOUNTS", "111122223333"))
                .build();

        assertThat(config.list(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS)).containsExactly("111122223333");
        assertThat(config.unknownKeys()).isEmpty();
    }

    @Test
    void environment_variable_name_is_derived_from_the_key_name() {
        assertThat(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS.environmentVariable())
                .isEqualTo("CLOUDTEST_GUARD_ALLOWED_ACCOUNTS");
    }

    @Test
    void every_key_has_a_distinct_environment_variable() {
        assertThat(CloudTestConfig.keys())
                .extracting(ConfigKey::environmentVariable)
                .doesNotHaveDuplicates()
                .allMatch(name -> name.matches("CLOUDTEST_[A-Z0-9_]+"));
    }

    @Test
    void environment_variables_without_the_cloudtest_prefix_are_ignored() {
        CloudTestConfig config =
                isolated().environment(Map.of("KEEP", "always", "PATH", "/bin")).build();

        assertThat(config.values()).isEmpty();
        assertThat(config.unknownKeys()).isEmpty();
    }

    // ---- unknown keys -----------------------------------------------------------------------------------------

    @Test
    void unknown_keys_from_any_source_are_reported_sorted_and_not_kept() throws IOException {
        CloudTestConfig config = isolated()
                .set("cloudtest.kep", "always")
                .systemProperties(properties("cloudtest.regoin", "eu-west-1"))
                .environment(Map.of("CLOUDTEST_TTLL", "2h"))
                .propertiesFile(Optional.of(file("cloudtest.owner-name=me\n")))
                .build();

        assertThat(config.unknownKeys())
                .containsExactly("CLOUDTEST_TTLL", "cloudtest.kep", "cloudtest.owner-name", "cloudtest.regoin");
        assertThat(config.values()).isEmpty();
    }

    @Test
    void builder_refuses_names_without_the_cloudtest_prefix() {
        CloudTestConfig.Builder builder = isolated();

        assertThatThrownBy(() -> builder.set("keep", "always"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'keep' is not a cloudtest key");
    }

    @Test
    void config_key_refuses_names_without_the_cloudtest_prefix() {
        assertThatThrownBy(() -> new ConfigKey("other.key", "x", "y")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- invalid values ---------------------------------------------------------------------------------------

    @Test
    void invalid_value_error_names_key_value_and_source() {
        CloudTestConfig.Builder builder = isolated().environment(Map.of("CLOUDTEST_KEEP", "sometimes"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.keep=sometimes")
                .hasMessageContaining("environment CLOUDTEST_KEEP")
                .hasMessageContaining("never, on-failure, always");
    }

    @Test
    void keep_accepts_values_in_any_case() {
        CloudTestConfig config =
                isolated().set(CloudTestConfig.KEEP, "On-Failure").build();

        assertThat(config.keep()).isEqualTo(KeepPolicy.ON_FAILURE);
    }

    @Test
    void boolean_keys_refuse_values_other_than_true_and_false() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.SKIP_WITHOUT_TARGET, "yes");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.skip-without-target=yes")
                .hasMessageContaining("true or false");
    }

    @Test
    void skip_without_target_reads_true_and_is_off_by_default() {
        assertThat(isolated()
                        .set(CloudTestConfig.SKIP_WITHOUT_TARGET, "TRUE")
                        .build()
                        .skipWithoutTarget())
                .isTrue();
        assertThat(isolated().build().skipWithoutTarget()).isFalse();
    }

    @Test
    void the_retired_require_target_key_says_what_replaced_it() {
        assertThat(isolated().set("cloudtest.require-target", "true").build().unknownKeys())
                .containsExactly("cloudtest.require-target");
        assertThat(CloudTestConfig.retiredKeyHint("cloudtest.require-target"))
                .hasValueSatisfying(hint -> assertThat(hint).contains("cloudtest.skip-without-target=true"));
    }

    @Test
    void the_maven_plugins_camel_case_fail_on_leftovers_says_its_kebab_case_name() {
        assertThat(isolated().set("cloudtest.failOnLeftovers", "false").build().unknownKeys())
                .containsExactly("cloudtest.failOnLeftovers");
        assertThat(CloudTestConfig.retiredKeyHint("cloudtest.failOnLeftovers"))
                .hasValueSatisfying(hint -> assertThat(hint).contains("cloudtest.fail-on-leftovers"));
    }

    @Test
    void unreadable_properties_file_names_the_file() throws IOException {
        Path file = file("cloudtest.owner=\\u00zz\n");

        CloudTestConfig.Builder builder = isolated().propertiesFile(Optional.of(file));

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString());
    }

    // ---- target -----------------------------------------------------------------------------------------------

    @Test
    void target_defaults_to_emulator() {
        assertThat(isolated().build().target()).isEqualTo(TargetKind.EMULATOR);
    }

    @Test
    void endpoint_selects_the_endpoint_target() {
        CloudTestConfig config = isolated()
                .set(CloudTestConfig.ENDPOINT, "http://127.0.0.1:5000")
                .build();

        assertThat(config.target()).isEqualTo(TargetKind.ENDPOINT);
        assertThat(config.endpoint())
                .hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(5000));
    }

    @Test
    void allowed_accounts_select_the_aws_target() {
        CloudTestConfig config = isolated()
                .set(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS, "111122223333")
                .build();

        assertThat(config.target()).isEqualTo(TargetKind.AWS);
    }

    @Test
    void endpoint_wins_over_allowed_accounts() {
        CloudTestConfig config = isolated()
                .set(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS, "111122223333")
                .set(CloudTestConfig.ENDPOINT, "http://127.0.0.1:5000")
                .build();

        assertThat(config.target()).isEqualTo(TargetKind.ENDPOINT);
    }

    @Test
    void explicit_target_wins_over_endpoint() {
        CloudTestConfig config = isolated()
                .set(CloudTestConfig.ENDPOINT, "http://127.0.0.1:5000")
                .set(CloudTestConfig.TARGET, "Container")
                .build();

        assertThat(config.target()).isEqualTo(TargetKind.CONTAINER);
    }

    @Test
    void endpoint_target_without_endpoint_says_which_key_to_set() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.TARGET, "endpoint");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("set cloudtest.endpoint");
    }

    @Test
    void unknown_target_lists_the_valid_ones() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.TARGET, "localstack");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.target=localstack")
                .hasMessageContaining("aws, endpoint, emulator, container");
    }

    @Test
    void endpoint_must_be_an_http_url() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.ENDPOINT, "127.0.0.1:5000");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Invalid endpoint cloudtest.endpoint=127.0.0.1:5000");
    }

    // ---- ttl and timeouts -------------------------------------------------------------------------------------

    @Test
    void ttl_defaults_to_three_hours() {
        assertThat(isolated().build().ttl()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void ttl_accepts_hours_minutes_and_iso_8601() {
        assertThat(isolated().set(CloudTestConfig.TTL, "2h").build().ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(isolated().set(CloudTestConfig.TTL, "90s").build().ttl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(isolated().set(CloudTestConfig.TTL, "1h30m").build().ttl()).isEqualTo(Duration.ofMinutes(90));
        assertThat(isolated().set(CloudTestConfig.TTL, "500ms").build().ttl()).isEqualTo(Duration.ofMillis(500));
        assertThat(isolated().set(CloudTestConfig.TTL, "PT2H").build().ttl()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void ttl_of_zero_is_refused() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.TTL, "0s");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.ttl=0s")
                .hasMessageContaining("positive duration");
    }

    @Test
    void ttl_in_an_unknown_form_is_refused() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.TTL, "2 hours");

        assertThatThrownBy(builder::build).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void ttl_too_large_for_a_duration_is_a_configuration_error() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.TTL, "9999999999999999h");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.ttl=9999999999999999h");
    }

    @Test
    void invalid_provision_timeout_fails_at_build_not_at_first_use() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.PROVISION_TIMEOUT, "soon");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.provision.timeout=soon");
    }

    // ---- naming, accounts, regexes ----------------------------------------------------------------------------

    @Test
    void name_prefix_defaults_to_ct() {
        assertThat(isolated().build().namePrefix()).isEqualTo("ct");
    }

    @Test
    void name_prefix_must_start_with_a_letter() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.NAME_PREFIX, "1ct");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.name-prefix=1ct");
    }

    @Test
    void name_prefix_may_not_contain_underscores() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.NAME_PREFIX, "my_tests");

        assertThatThrownBy(builder::build).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void name_prefix_longer_than_twenty_characters_is_refused() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.NAME_PREFIX, "a".repeat(21));

        assertThatThrownBy(builder::build).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void account_ids_must_be_twelve_digits() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.GUARD_BLOCKED_ACCOUNTS, "111122223333, 12345");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'12345'")
                .hasMessageContaining("cloudtest.guard.blocked-accounts");
    }

    @Test
    void account_list_is_trimmed_and_empty_entries_dropped() {
        CloudTestConfig config = isolated()
                .set(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS, " 111122223333 ,, 444455556666 ,")
                .build();

        assertThat(config.list(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS)).containsExactly("111122223333", "444455556666");
    }

    @Test
    void invalid_alias_regex_is_refused_with_the_key() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.GUARD_ACCOUNT_ALIAS, "sandbox-(");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Invalid regular expression in cloudtest.guard.account-alias=sandbox-(");
    }

    // ---- run id and owner -------------------------------------------------------------------------------------

    @Test
    void configured_run_id_is_lower_cased() {
        assertThat(isolated().set(CloudTestConfig.RUN_ID, "Run-42").build().runId())
                .isEqualTo("run-42");
    }

    @Test
    void configured_run_id_with_invalid_characters_is_refused() {
        CloudTestConfig.Builder builder = isolated().set(CloudTestConfig.RUN_ID, "run_42");

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.run-id=run_42");
    }

    @Test
    void run_id_comes_from_the_ci_job_in_the_configured_environment() {
        CloudTestConfig config = isolated()
                .environment(Map.of("GITHUB_RUN_ID", "123456", "GITHUB_RUN_ATTEMPT", "2"))
                .build();

        assertThat(config.runId()).isEqualTo("123456-2");
    }

    @Test
    void owner_is_sanitised_for_a_tag_value() {
        assertThat(isolated()
                        .set(CloudTestConfig.OWNER, "Jane Doe <jane>")
                        .build()
                        .owner())
                .isEqualTo("Jane Doe _jane_");
    }

    // ---- toBuilder --------------------------------------------------------------------------------------------

    @Test
    void to_builder_keeps_values_from_every_source() {
        CloudTestConfig config = isolated()
                .environment(Map.of("CLOUDTEST_KEEP", "always"))
                .set(CloudTestConfig.RUN_ID, "r1")
                .build();

        CloudTestConfig copy = config.toBuilder().set(CloudTestConfig.TTL, "1h").build();

        assertThat(copy.keep()).isEqualTo(KeepPolicy.ALWAYS);
        assertThat(copy.runId()).isEqualTo("r1");
        assertThat(copy.ttl()).isEqualTo(Duration.ofHours(1));
    }
}
