package dev.cloudtest.examples.orders;

import static dev.cloudtest.core.MessageCaptureAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.MessageCapture;
import dev.cloudtest.core.Probes;
import dev.cloudtest.junit5.CloudStack;
import dev.cloudtest.junit5.StackInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
@CloudStack(template = "src/main/cloudformation/order-pipeline.yaml")
class OrderPipelineJourneyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Map<String, String> outputs;
    private static Probes probes;

    @BeforeAll
    static void connect(StackInfo stack, Probes injected) {
        outputs = stack.outputs();
        probes = injected;
    }

    @Test
    void a_placed_order_is_fulfilled_and_announced() throws Exception {
        try (MessageCapture announced =
                probes.eventBus(outputs.get("OrdersBusName"), "{\"detail-type\": [\"OrderPlaced\"]}")) {
            HttpResponse<String> response =
                    placeOrder("{\"customerId\": \"c-7\", \"sku\": \"book-1\", \"quantity\": 2}");

            assertThat(response.statusCode()).isEqualTo(202);
            String orderId = JSON.readTree(response.body()).path("orderId").asText();
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
    void an_invalid_order_is_refused_and_nothing_is_fulfilled() throws Exception {
        try (MessageCapture announced =
                probes.eventBus(outputs.get("OrdersBusName"), "{\"detail-type\": [\"OrderPlaced\"]}")) {
            HttpResponse<String> response = placeOrder("{\"customerId\": \"c-8\", \"quantity\": 2}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("sku is required");
            assertThat(announced)
                    .within(Duration.ofSeconds(3))
                    .hasNoMessageMatching(
                            "any OrderPlaced of customer c-8",
                            m -> m.at("/detail/customerId").orElse("").equals("c-8"));
        }
    }

    private static HttpResponse<String> placeOrder(String order) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(outputs.get("ApiUrl") + "/orders"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(order))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
