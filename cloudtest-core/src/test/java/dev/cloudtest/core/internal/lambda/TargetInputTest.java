package dev.cloudtest.core.internal.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.template.TargetInput;
import org.junit.jupiter.api.Test;

/** What an EventBridge target receives: Input, InputPath, InputTransformer, or the event. */
class TargetInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT =
            "{\"source\":\"shop\",\"detail\":{\"orderId\":\"o-1\",\"items\":[1,2],\"total\":5}}";

    private static JsonNode target(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void input_input_path_and_the_whole_event() throws Exception {
        assertThat(TargetInput.of(target("{\"Input\":\"{\\\"k\\\":1}\"}"), EVENT))
                .isEqualTo("{\"k\":1}");
        assertThat(TargetInput.of(target("{\"InputPath\":\"$.detail.items\"}"), EVENT))
                .isEqualTo("[1,2]");
        assertThat(TargetInput.of(target("{}"), EVENT)).isEqualTo(EVENT);
    }

    @Test
    void an_input_transformer_fills_strings_as_text_and_the_rest_as_json() throws Exception {
        String input = TargetInput.of(
                target(
                        "{\"InputTransformer\":{\"InputPathsMap\":{\"id\":\"$.detail.orderId\","
                                + "\"items\":\"$.detail.items\",\"gone\":\"$.detail.nothing\"},"
                                + "\"InputTemplate\":\"{\\\"order\\\": \\\"<id>\\\", \\\"items\\\": <items>, "
                                + "\\\"gone\\\": <gone>, \\\"src\\\": <aws.events.event.json>, \\\"keep\\\": \\\"<other>\\\"}\"}}"),
                EVENT);

        assertThat(JSON.readTree(input).path("order").asText()).isEqualTo("o-1");
        assertThat(JSON.readTree(input).path("items").toString()).isEqualTo("[1,2]");
        assertThat(JSON.readTree(input).path("gone").isNull()).isTrue();
        assertThat(JSON.readTree(input).path("src").path("source").asText()).isEqualTo("shop");
        assertThat(JSON.readTree(input).path("keep").asText()).isEqualTo("<other>");
    }

    @Test
    void a_path_cloudtest_cannot_apply_is_refused() throws Exception {
        assertThatThrownBy(() -> TargetInput.checkPaths(target("{\"InputPath\":\"$.detail[0]\"}"), "Target t"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Target t has the input path '$.detail[0]'");
        assertThatThrownBy(() -> TargetInput.checkPaths(
                        target("{\"InputTransformer\":{\"InputPathsMap\":{\"a\":\"$..x\"}}}"), "Target t"))
                .isInstanceOf(ConfigurationException.class);
    }
}
