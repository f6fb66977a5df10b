package dev.cloudtest.examples.orders;

import static dev.cloudtest.core.journey.MessageCaptureAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.Stack;
import dev.cloudtest.core.journey.ApiClient;
import dev.cloudtest.core.journey.ApiResponse;
import dev.cloudtest.core.journey.MessageCapture;
import dev.cloudtest.core.journey.Probes;
import dev.cloudtest.junit5.CloudStack;
import dev.cloudtest.junit5.Keep;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The order journey: a customer posts an order; it is fulfilled (recorded in the orders table) and announced as
 * OrderPlaced on the orders bus. On the emulator the Java functions run locally (cloudtest.local-functions=auto),
 * and the API URL output leads to their local API; on a sandbox account the same test runs against Lambda.
 */
// Kept for inspection when a journey fails (until the sweeper removes it after cloudtest.ttl), whatever cloudtest.keep
// says.
@CloudStack(template = "src/main/cloudformation/order-pipeline.yaml", keep = Keep.ON_FAILURE)
class OrderPipelineJourneyIT {
    private static Map<String, String> outputs;
    private static Probes probes;
    private static ApiClient api;

    @BeforeAll
    static void connect(Stack stack, Probes injected) {
        outputs = stack.outputs();
        probes = injected;
        api = probes.api(URI.create(outputs.get("ApiUrl")));
    }

    @Test
    void a_placed_order_is_fulfilled_and_announced() {
        try (MessageCapture announced =
                probes.eventBus(outputs.get("OrdersBusName"), "{\"detail-type\": [\"OrderPlaced\"]}")) {
            String orderId = api.post("/orders", Map.of("customerId", "c-7", "sku", "book-1", "quantity", 2))
                    .assertStatus(202)
                    .json()
                    .path("orderId")
                    .asText();
            Map<String, AttributeValue> item =
                    probes.awaitItem(outputs.get("OrdersTableName"), Map.of("orderId", AttributeValue.fromS(orderId)));
            assertThat(item.get("status").s()).isEqualTo("FULFILLED");
            assertThat(item.get("quantity").n()).isEqualTo("2");
            assertThat(announced).eventually().hasMessageMatching("OrderPlaced for " + orderId, m -> m.at(
                            "/detail/orderId")
                    .orElse("")
                    .equals(orderId));
        }
    }

    @Test
    void an_invalid_order_is_refused_and_nothing_is_fulfilled() {
        try (MessageCapture announced =
                probes.eventBus(outputs.get("OrdersBusName"), "{\"detail-type\": [\"OrderPlaced\"]}")) {
            ApiResponse response = api.post("/orders", Map.of("customerId", "c-8", "quantity", 2));

            response.assertStatus(400);
            assertThat(response.body()).contains("sku is required");
            assertThat(announced)
                    .during(Duration.ofSeconds(3))
                    .hasNoMessageMatching(
                            "any OrderPlaced of customer c-8",
                            m -> m.at("/detail/customerId").orElse("").equals("c-8"));
        }
    }
}
