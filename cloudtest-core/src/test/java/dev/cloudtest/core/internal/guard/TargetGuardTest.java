package dev.cloudtest.core.internal.guard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.TargetKind;
import dev.cloudtest.core.exception.GuardViolationException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The guard decisions as pure logic: no target, no requests. */
class TargetGuardTest {
    private static final String SANDBOX = "111111111111";
    private static final String PROD = "999999999999";

    @Test
    void aws_target_without_allow_list_is_refused_naming_the_account_and_property() {
        assertThatThrownBy(() -> TargetGuard.checkAccount(config(Map.of()), TargetKind.AWS, SANDBOX))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("[guard account]")
                .hasMessageContaining("set cloudtest.guard.allowed-accounts=" + SANDBOX);
    }

    @Test
    void emulated_targets_need_no_allow_list() {
        assertThatCode(() -> TargetGuard.checkAccount(config(Map.of()), TargetKind.ENDPOINT, "123456789012"))
                .doesNotThrowAnyException();
    }

    @Test
    void block_list_applies_to_emulated_targets_too() {
        assertThatThrownBy(() -> TargetGuard.checkAccount(
                        config(Map.of(CloudTestConfig.GUARD_BLOCKED_ACCOUNTS.name(), "123456789012")),
                        TargetKind.EMULATOR,
                        "123456789012"))
                .isInstanceOf(GuardViolationException.class);
    }

    @Test
    void allowed_account_passes() {
        assertThatCode(() -> TargetGuard.checkAccount(
                        config(Map.of(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS.name(), SANDBOX + ", 222222222222")),
                        TargetKind.AWS,
                        SANDBOX))
                .doesNotThrowAnyException();
    }

    @Test
    void block_list_wins_over_allow_list() {
        CloudTestConfig config = config(Map.of(
                CloudTestConfig.GUARD_ALLOWED_ACCOUNTS.name(), PROD,
                CloudTestConfig.GUARD_BLOCKED_ACCOUNTS.name(), PROD));

        assertThatThrownBy(() -> TargetGuard.checkAccount(config, TargetKind.AWS, PROD))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("Account " + PROD + " is blocked by cloudtest.guard.blocked-accounts");
    }

    @Test
    void account_outside_allow_list_is_refused() {
        assertThatThrownBy(() -> TargetGuard.checkAccount(
                        config(Map.of(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS.name(), SANDBOX)), TargetKind.AWS, PROD))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("Account " + PROD + " is not in cloudtest.guard.allowed-accounts=" + SANDBOX);
    }

    @Test
    void region_outside_allow_list_is_refused_and_unset_list_allows_any() {
        assertThatThrownBy(() -> TargetGuard.checkRegion(
                        config(Map.of(CloudTestConfig.GUARD_ALLOWED_REGIONS.name(), "eu-west-1")), "us-east-1"))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("[guard region] Region us-east-1 is not in cloudtest.guard.allowed-regions");
        assertThatCode(() -> TargetGuard.checkRegion(config(Map.of()), "ap-south-2"))
                .doesNotThrowAnyException();
    }

    @Test
    void blocked_alias_is_anchored_prod_blocks_prod_but_not_nonprod() {
        CloudTestConfig config = config(Map.of(CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS.name(), "prod"));

        assertThatThrownBy(() -> TargetGuard.checkAlias(config, SANDBOX, Optional.of("prod")))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("[guard account-alias]")
                .hasMessageContaining("matches cloudtest.guard.blocked-account-alias=prod");
        assertThatCode(() -> TargetGuard.checkAlias(config, SANDBOX, Optional.of("nonprod")))
                .doesNotThrowAnyException();
    }

    @Test
    void allow_alias_must_match_as_a_whole() {
        CloudTestConfig config = config(Map.of(CloudTestConfig.GUARD_ACCOUNT_ALIAS.name(), "sandbox-.*"));

        assertThatCode(() -> TargetGuard.checkAlias(config, SANDBOX, Optional.of("sandbox-team-a")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> TargetGuard.checkAlias(config, SANDBOX, Optional.of("old-sandbox-team-a")))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("does not match cloudtest.guard.account-alias=sandbox-.*");
    }

    @Test
    void missing_alias_fails_an_allow_pattern_but_not_a_block_pattern_alone() {
        assertThatThrownBy(() -> TargetGuard.checkAlias(
                        config(Map.of(CloudTestConfig.GUARD_ACCOUNT_ALIAS.name(), ".*")), SANDBOX, Optional.empty()))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("has no alias");
        assertThatCode(() -> TargetGuard.checkAlias(
                        config(Map.of(CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS.name(), "prod")),
                        SANDBOX,
                        Optional.empty()))
                .doesNotThrowAnyException();
    }

    @Test
    void block_pattern_wins_over_allow_pattern() {
        CloudTestConfig config = config(Map.of(
                CloudTestConfig.GUARD_ACCOUNT_ALIAS.name(), ".*",
                CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS.name(), ".*-prod"));

        assertThatThrownBy(() -> TargetGuard.checkAlias(config, SANDBOX, Optional.of("payments-prod")))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("blocked-account-alias");
    }

    private static CloudTestConfig config(Map<String, String> values) {
        return CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.ENDPOINT, "http://127.0.0.1:1")
                .set(values)
                .build();
    }
}
