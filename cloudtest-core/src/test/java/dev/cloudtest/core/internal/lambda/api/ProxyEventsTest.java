package dev.cloudtest.core.internal.lambda.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProxyEventsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ApiRoutes.Route ROUTE = new ApiRoutes.Route(
            "GET",
            "/orders/{id}",
            "GET /orders/{id}",
            Pattern.compile("/orders/([^/]+)"),
            List.of("id"),
            ApiRoutes.Payload.V2,
            Optional.empty(),
            "arn");

    private static ProxyEvents.Request request(byte[] body, String query) {
        return new ProxyEvents.Request(
                "GET",
                "/prod/orders/a+b",
                "/orders/a+b",
                query,
                Map.of("X-Multi", List.of("1", "2"), "Cookie", List.of("a=1; b=2")),
                body,
                "127.0.0.1",
                "prod",
                "abc123defg",
                "123456789012",
                Instant.parse("2026-11-27T10:00:00Z"));
    }

    @Test
    void v2_event_joins_repeated_values_moves_cookies_and_omits_what_is_absent() throws Exception {
        JsonNode event = MAPPER.readTree(ProxyEvents.v2(ROUTE, request(new byte[0], null), Map.of("id", "a+b")));

        assertThat(event.path("headers").path("x-multi").asText()).isEqualTo("1,2");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("a=1", "b=2");
        assertThat(event.has("body")).isFalse();
        assertThat(event.has("queryStringParameters")).isFalse();
        assertThat(event.path("rawQueryString").asText()).isEmpty();
        assertThat(event.path("pathParameters").path("id").asText())
                .as("a '+' in a path stays a '+'")
                .isEqualTo("a+b");
        assertThat(event.path("requestContext").path("http").path("path").asText())
                .isEqualTo("/prod/orders/a+b");
        assertThat(event.path("requestContext").path("time").asText()).isEqualTo("27/Nov/2026:10:00:00 +0000");
    }

    @Test
    void v1_event_keeps_multi_values_and_the_last_single_value() throws Exception {
        JsonNode event = MAPPER.readTree(ProxyEvents.v1(
                ROUTE, request("hi".getBytes(StandardCharsets.UTF_8), "q=1&q=2&s=a+b"), Map.of(), false));

        assertThat(event.path("multiValueQueryStringParameters").path("q"))
                .extracting(JsonNode::asText)
                .containsExactly("1", "2");
        assertThat(event.path("queryStringParameters").path("q").asText()).isEqualTo("2");
        assertThat(event.path("queryStringParameters").path("s").asText()).isEqualTo("a b");
        assertThat(event.path("multiValueHeaders").path("X-Multi")).hasSize(2);
        assertThat(event.path("pathParameters").isNull()).isTrue();
        assertThat(event.path("body").asText()).isEqualTo("hi");
        assertThat(event.has("version")).as("REST APIs send no version").isFalse();
    }

    @Test
    void binary_bodies_are_base64_encoded() throws Exception {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0};
        JsonNode event = MAPPER.readTree(ProxyEvents.v2(ROUTE, request(binary, null), Map.of()));

        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(event.path("body").asText()))
                .isEqualTo(binary);
    }

    @Test
    void http_apis_pass_text_types_as_text_and_forms_or_untyped_bodies_base64_encoded() throws Exception {
        assertThat(ProxyEvents.isTextType("application/json; charset=utf-8")).isTrue();
        assertThat(ProxyEvents.isTextType("text/plain")).isTrue();
        assertThat(ProxyEvents.isTextType("application/problem+json")).isTrue();
        assertThat(ProxyEvents.isTextType("application/x-www-form-urlencoded")).isFalse();
        assertThat(ProxyEvents.isTextType("")).isFalse();

        JsonNode untyped =
                MAPPER.readTree(ProxyEvents.v2(ROUTE, request("a=1".getBytes(StandardCharsets.UTF_8), null), Map.of()));
        JsonNode rest = MAPPER.readTree(
                ProxyEvents.v1(ROUTE, request("a=1".getBytes(StandardCharsets.UTF_8), null), Map.of(), false));
        assertThat(untyped.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(untyped.path("body").asText()).isEqualTo("YT0x");
        assertThat(rest.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(rest.path("body").asText()).isEqualTo("a=1");
    }

    @Test
    void payload_2_0_takes_a_result_without_status_code_as_a_json_body_but_1_0_does_not() {
        ProxyEvents.Response response = ProxyEvents.response("{\"a\":1}", ApiRoutes.Payload.V2);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).contains(Map.entry("Content-Type", "application/json"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(ProxyEvents.response("{\"a\":1}", ApiRoutes.Payload.V1)).isNull();
        assertThat(ProxyEvents.response("not json", ApiRoutes.Payload.V2)).isNull();
    }

    @Test
    void response_headers_cookies_and_base64_bodies_reach_the_client() {
        String result = "{\"statusCode\":418,\"headers\":{\"X-A\":\"1\"},\"multiValueHeaders\":{\"X-B\":[\"1\",\"2\"]},"
                + "\"cookies\":[\"c=1\"],\"body\":\"aGk=\",\"isBase64Encoded\":true}";

        ProxyEvents.Response v2 = ProxyEvents.response(result, ApiRoutes.Payload.V2);
        ProxyEvents.Response v1 = ProxyEvents.response(result, ApiRoutes.Payload.V1);

        assertThat(v2.status()).isEqualTo(418);
        assertThat(new String(v2.body(), StandardCharsets.UTF_8)).isEqualTo("hi");
        assertThat(v2.headers())
                .as("2.0 has cookies, no multiValueHeaders")
                .contains(Map.entry("X-A", "1"), Map.entry("Set-Cookie", "c=1"))
                .noneMatch(h -> h.getKey().equals("X-B"));
        assertThat(v1.headers())
                .as("1.0 has multiValueHeaders, no cookies")
                .contains(Map.entry("X-A", "1"), Map.entry("X-B", "1"), Map.entry("X-B", "2"))
                .noneMatch(h -> h.getKey().equals("Set-Cookie"));
        assertThat(ProxyEvents.response(
                        "{\"statusCode\":200,\"body\":\"%%\",\"isBase64Encoded\":true}", ApiRoutes.Payload.V1))
                .as("a body that claims base64 but is not")
                .isNull();
    }

    @Test
    void a_body_that_is_not_a_string_is_a_malformed_proxy_response() {
        assertThat(ProxyEvents.response("{\"statusCode\":200,\"body\":{\"a\":1}}", ApiRoutes.Payload.V1))
                .isNull();
        assertThat(ProxyEvents.response("{\"statusCode\":200,\"body\":{\"a\":1}}", ApiRoutes.Payload.V2))
                .isNull();
    }

    @Test
    void http_api_1_0_events_lower_case_header_names_rest_events_keep_them() throws Exception {
        JsonNode http = MAPPER.readTree(ProxyEvents.v1(ROUTE, request(new byte[0], null), Map.of(), true));
        JsonNode rest = MAPPER.readTree(ProxyEvents.v1(ROUTE, request(new byte[0], null), Map.of(), false));

        assertThat(http.path("headers").has("x-multi")).isTrue();
        assertThat(rest.path("headers").has("X-Multi")).isTrue();
        assertThat(http.path("version").asText()).isEqualTo("1.0");
        assertThat(http.path("path").asText())
                .as("an HTTP API keeps a named stage")
                .isEqualTo("/prod/orders/a+b");
        assertThat(rest.path("path").asText()).isEqualTo("/orders/a+b");
    }
}
