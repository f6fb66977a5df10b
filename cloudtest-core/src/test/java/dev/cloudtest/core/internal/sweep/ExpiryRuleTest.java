package dev.cloudtest.core.internal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.Tag;

class ExpiryRuleTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final ExpiryRule ANY = new ExpiryRule(NOW, Optional.empty(), Optional.empty());

    @Test
    void expired_tagged_resource_may_be_swept() {
        assertThat(ANY.refusal("ct-a-r1", tags("2030-01-01T11:59:59Z"))).isEmpty();
    }

    @Test
    void unexpired_resource_is_refused_even_by_one_second() {
        assertThat(ANY.refusal("ct-a-r1", tags("2030-01-01T12:00:01Z")))
                .hasValueSatisfying(r -> assertThat(r).contains("which has not passed"));
        assertThat(ANY.refusal("ct-a-r1", tags("2030-01-01T12:00:00Z"))).isPresent();
    }

    @Test
    void resource_without_run_id_is_refused_even_when_its_expiry_passed() {
        Map<String, String> tags = tags("2000-01-01T00:00:00Z");
        tags.remove("cloudtest:run-id");

        assertThat(ANY.refusal("x", tags)).hasValueSatisfying(r -> assertThat(r).contains("no cloudtest:run-id"));
    }

    @Test
    void resource_without_expiry_or_with_unreadable_expiry_is_refused() {
        Map<String, String> tags = tags("2000-01-01T00:00:00Z");
        tags.remove("cloudtest:expires-at");
        assertThat(ANY.refusal("x", tags)).isPresent();

        assertThat(ANY.refusal("x", tags("yesterday")))
                .hasValueSatisfying(r -> assertThat(r).contains("'yesterday' is not an ISO-8601 instant"));
    }

    @Test
    void owner_and_name_prefix_filters_refuse_others() {
        ExpiryRule bobs = new ExpiryRule(NOW, Optional.of("bob"), Optional.of("ct-"));

        assertThat(bobs.refusal("ct-a-r1", tags("2000-01-01T00:00:00Z"))).isEmpty();
        assertThat(bobs.refusal("other-a-r1", tags("2000-01-01T00:00:00Z")))
                .hasValueSatisfying(r -> assertThat(r).contains("cloudtest.sweep.name-prefix"));
        Map<String, String> alices = tags("2000-01-01T00:00:00Z");
        alices.put("cloudtest:owner", "alice");
        assertThat(bobs.refusal("ct-a-r1", alices))
                .hasValueSatisfying(r -> assertThat(r).contains("owner 'alice' is not 'bob' (cloudtest.sweep.owner)"));
    }

    @Test
    void stack_ownership_refuses_an_unexpired_stack_with_a_guard_violation() {
        Stack stack = Stack.builder()
                .stackName("ct-a-r1")
                .tags(tags("2030-01-01T13:00:00Z").entrySet().stream()
                        .map(e -> Tag.builder()
                                .key(e.getKey())
                                .value(e.getValue())
                                .build())
                        .toList())
                .build();

        assertThat(ANY.stackOwnership().refusal(stack)).hasValueSatisfying(e -> {
            assertThat(e.guard()).isEqualTo("ownership");
            assertThat(e.getMessage()).contains("The sweeper will not delete ct-a-r1");
        });
    }

    private static Map<String, String> tags(String expiresAt) {
        Map<String, String> tags = new HashMap<>();
        tags.put("cloudtest:run-id", "r1");
        tags.put("cloudtest:owner", "bob");
        tags.put("cloudtest:created-at", "1999-12-31T00:00:00Z");
        tags.put("cloudtest:expires-at", expiresAt);
        return tags;
    }
}
