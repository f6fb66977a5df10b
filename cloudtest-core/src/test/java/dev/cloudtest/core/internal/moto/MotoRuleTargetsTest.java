package dev.cloudtest.core.internal.moto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MotoRuleTargetsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EVENT = "{\"source\":\"shop\",\"detail\":{\"order\":{\"id\":\"o-1\"},\"n\":2}}";

    @Test
    void the_input_is_the_constant_the_path_or_the_event_as_eventbridge_builds_it() throws Exception {
        assertThat(MotoRuleTargets.input(MAPPER.readTree("{\"Input\": \"{\\\"k\\\": 1}\"}"), EVENT))
                .isEqualTo("{\"k\": 1}");
        assertThat(MotoRuleTargets.input(MAPPER.readTree("{\"InputPath\": \"$.detail.order\"}"), EVENT))
                .isEqualTo("{\"id\":\"o-1\"}");
        assertThat(MotoRuleTargets.input(MAPPER.readTree("{\"InputPath\": \"$\"}"), EVENT))
                .isEqualTo(EVENT);
        assertThat(MotoRuleTargets.input(MAPPER.readTree("{}"), EVENT)).isEqualTo(EVENT);
    }
}
