package dev.cloudtest.core.internal.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackNamesTest {

    @Test
    void name_is_prefix_spec_id_and_run_id() {
        assertThat(StackNames.name("ct", "orders", "k3x9q2m1ab")).isEqualTo("ct-orders-k3x9q2m1ab");
    }

    @Test
    void characters_cloudformation_refuses_become_single_dashes() {
        assertThat(StackNames.name("ct", "order_pipeline..v2-", "r1")).isEqualTo("ct-order-pipeline-v2-r1");
    }

    @Test
    void long_spec_id_is_shortened_to_fit_128_characters() {
        String name = StackNames.name("ct", "a".repeat(200), "r1");

        assertThat(name).hasSize(StackNames.MAX_LENGTH).startsWith("ct-aaa").endsWith("a-r1");
    }

    @Test
    void run_id_is_always_kept_whole() {
        String runId = "abcdefghij0123456789wxyz";

        String name = StackNames.name("a".repeat(20), "b".repeat(200), runId);

        assertThat(name).hasSizeLessThanOrEqualTo(StackNames.MAX_LENGTH).endsWith("-" + runId);
    }

    @Test
    void shortened_spec_id_does_not_end_in_a_dash() {
        // The cut falls right after a dash: ct- + 122 characters of id + -r1 = 128.
        String specId = "a".repeat(121) + "-bbbb";

        String name = StackNames.name("ct", specId, "r1");

        assertThat(name).doesNotContain("--").isEqualTo("ct-" + "a".repeat(121) + "-r1");
    }

    @Test
    void spec_id_of_only_invalid_characters_is_left_out() {
        assertThat(StackNames.name("ct", "___", "r1")).isEqualTo("ct-r1");
    }
}
