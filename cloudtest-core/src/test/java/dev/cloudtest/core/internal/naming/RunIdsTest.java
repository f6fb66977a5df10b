package dev.cloudtest.core.internal.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunIdsTest {

    @Test
    void validate_lower_cases_and_trims() {
        assertThat(RunIds.validate(" Nightly-7 ", "cloudtest.run-id=x")).isEqualTo("nightly-7");
    }

    @Test
    void validate_refuses_a_leading_dash_and_names_the_value() {
        assertThatThrownBy(() -> RunIds.validate("-abc", "cloudtest.run-id=-abc (from builder)"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.run-id=-abc (from builder)");
    }

    @Test
    void validate_accepts_24_characters_and_refuses_25() {
        assertThat(RunIds.validate("a".repeat(24), "x")).hasSize(24);
        assertThatThrownBy(() -> RunIds.validate("a".repeat(25), "x")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void github_run_id_gets_the_attempt_appended() {
        assertThat(RunIds.fromEnvironment(Map.of("GITHUB_RUN_ID", "9876543210", "GITHUB_RUN_ATTEMPT", "3")))
                .contains("9876543210-3");
    }

    @Test
    void github_run_id_without_attempt_is_used_alone() {
        assertThat(RunIds.fromEnvironment(Map.of("GITHUB_RUN_ID", "9876543210")))
                .contains("9876543210");
    }

    @Test
    void github_wins_over_other_ci_variables() {
        assertThat(RunIds.fromEnvironment(Map.of("GITHUB_RUN_ID", "1", "CI_JOB_ID", "2")))
                .contains("1");
    }

    @Test
    void gitlab_job_id_is_used() {
        assertThat(RunIds.fromEnvironment(Map.of("CI_JOB_ID", "4711"))).contains("4711");
    }

    @Test
    void jenkins_build_tag_is_sanitised() {
        assertThat(RunIds.fromEnvironment(Map.of("BUILD_TAG", "jenkins-Orders_PR-42")))
                .contains("jenkins-orders-pr-42");
    }

    @Test
    void blank_ci_variable_is_skipped() {
        assertThat(RunIds.fromEnvironment(Map.of("GITHUB_RUN_ID", " ", "CI_JOB_ID", "7")))
                .contains("7");
    }

    @Test
    void no_ci_variable_gives_nothing() {
        assertThat(RunIds.fromEnvironment(Map.of("HOME", "/root"))).isEmpty();
    }

    @Test
    void sanitize_replaces_runs_of_other_characters_with_one_dash() {
        assertThat(RunIds.sanitize("__Feature/ABC__x.y")).isEqualTo("feature-abc-x-y");
    }

    @Test
    void sanitize_keeps_the_last_24_characters_without_a_leading_dash() {
        String id = RunIds.sanitize("jenkins-some-very-long-folder-name-build-12345");

        assertThat(id).hasSizeLessThanOrEqualTo(24).endsWith("build-12345").doesNotStartWith("-");
        assertThat(id).matches("[a-z0-9][a-z0-9-]*");
    }

    @Test
    void sanitized_ids_pass_validation() {
        String id = RunIds.sanitize("Jenkins » Orders » PR-17 #3 (rebuild)");

        assertThat(RunIds.validate(id, "x")).isEqualTo(id);
    }

    @Test
    void random_id_is_ten_characters_starting_with_a_letter() {
        assertThat(RunIds.random()).matches("[a-z][a-z0-9]{9}");
    }

    @Test
    void random_ids_differ() {
        assertThat(RunIds.random()).isNotEqualTo(RunIds.random());
    }

    @Test
    void owner_keeps_at_most_64_characters() {
        assertThat(RunIds.sanitizeOwner("x".repeat(100))).hasSize(64);
    }

    @Test
    void blank_owner_becomes_unknown() {
        assertThat(RunIds.sanitizeOwner("  ")).isEqualTo("unknown");
    }
}
