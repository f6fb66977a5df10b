package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeepPolicyTest {

    @Test
    void never_keeps_no_stack() {
        assertThat(KeepPolicy.NEVER.keeps(true)).isFalse();
        assertThat(KeepPolicy.NEVER.keeps(false)).isFalse();
    }

    @Test
    void on_failure_keeps_only_failed_stacks() {
        assertThat(KeepPolicy.ON_FAILURE.keeps(true)).isTrue();
        assertThat(KeepPolicy.ON_FAILURE.keeps(false)).isFalse();
    }

    @Test
    void always_keeps_every_stack() {
        assertThat(KeepPolicy.ALWAYS.keeps(true)).isTrue();
        assertThat(KeepPolicy.ALWAYS.keeps(false)).isTrue();
    }

    @Test
    void config_value_is_lower_case_with_dashes() {
        assertThat(KeepPolicy.ON_FAILURE.configValue()).isEqualTo("on-failure");
    }
}
