package dev.cloudtest.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PlaceOrder alone: validation and what it queues, without any cloud. */
class PlaceOrderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> queued = new ArrayList<>();
    private final PlaceOrder placeOrder = new PlaceOrder(queued::add);

    @Test
    void a_valid_order_is_queued_with_a_new_id_and_answered_202() throws Exception {
        APIGatewayV2HTTPResponse response = post("{\"customerId\": \"c-1\", \"sku\": \"book-1\", \"quantity\": 2}");

        assertThat(response.getStatusCode()).isEqualTo(202);
        String orderId = JSON.readTree(response.getBody()).path("orderId").asText();
        assertThat(orderId).startsWith("ord-");
        assertThat(queued).singleElement().satisfies(body -> {
            assertThat(JSON.readTree(body).path("orderId").asText()).isEqualTo(orderId);
            assertThat(JSON.readTree(body).path("quantity").asInt()).isEqualTo(2);
        });
    }

    @Test
    void an_order_without_a_sku_is_refused_with_the_reason_and_not_queued() {
        APIGatewayV2HTTPResponse response = post("{\"customerId\": \"c-1\", \"quantity\": 2}");

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("sku is required");
        assertThat(queued).isEmpty();
    }

    @Test
    void a_quantity_out_of_range_is_refused() {
        assertThat(post("{\"customerId\": \"c-1\", \"sku\": \"b\", \"quantity\": 101}")
                        .getBody())
                .contains("quantity must be a whole number from 1 to 100");
        assertThat(post("{\"customerId\": \"c-1\", \"sku\": \"b\", \"quantity\": 1.5}")
                        .getStatusCode())
                .isEqualTo(400);
        assertThat(queued).isEmpty();
    }

    @Test
    void a_body_that_is_not_json_is_refused() {
        assertThat(post("not json").getStatusCode()).isEqualTo(400);
    }

    @Test
    void a_base64_encoded_body_is_decoded_as_the_http_api_sends_it_for_untyped_requests() {
        APIGatewayV2HTTPEvent request = APIGatewayV2HTTPEvent.builder()
                .withBody(java.util.Base64.getEncoder()
                        .encodeToString("{\"customerId\": \"c-1\", \"sku\": \"b\", \"quantity\": 1}".getBytes()))
                .withIsBase64Encoded(true)
                .build();

        assertThat(placeOrder.handleRequest(request, null).getStatusCode()).isEqualTo(202);
    }

    private APIGatewayV2HTTPResponse post(String body) {
        return placeOrder.handleRequest(
                APIGatewayV2HTTPEvent.builder().withBody(body).build(), null);
    }
}
