package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A REST API's and an HTTP API's proxy integrations of local functions, each API served on its own loopback port
 * behind the stack's URL outputs. moto cannot create the HTTP API: cloudtest serves it, and resolves its outputs.
 */
class LocalApiIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static CloudTestRun run;
    private static Stack stack;

    @BeforeAll
    static void provision() {
        run = CloudTestRun.start(TestTargets.moto().build());
        stack = run.provision(
                StackSpec.builder().templateResource("stacks/local-api.yaml").build());
    }

    @AfterAll
    static void tearDown() {
        run.close();
    }

    @Test
    void api_url_output_points_at_the_local_api_on_loopback() {
        assertThat(stack.output("ApiUrl")).matches("http://127\\.0\\.0\\.1:\\d+/prod");
    }

    @Test
    void get_with_a_path_parameter_and_query_reaches_the_handler_as_a_payload_1_0_event() throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(stack.output("ApiUrl") + "/orders/o-7?view=full"))
                        .header("X-Trace-Id", "t-7")
                        .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Resource")).contains("/orders/{id}");
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.path("method").asText()).isEqualTo("GET");
        assertThat(body.path("id").asText()).isEqualTo("o-7");
        assertThat(body.path("view").asText()).isEqualTo("full");
        assertThat(body.path("stage").asText()).isEqualTo("prod");
        assertThat(body.path("trace").asText())
                .as("1.0 header names as the client wrote them")
                .isEqualTo("t-7");
    }

    @Test
    void post_body_and_status_code_pass_through() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(stack.output("ApiUrl") + "/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"book-1\"}")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(MAPPER.readTree(response.body()).path("body").path("sku").asText())
                .isEqualTo("book-1");
    }

    @Test
    void handler_status_404_and_unknown_routes_403_as_api_gateway_answers() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(stack.output("ApiUrl") + "/orders/missing"))
                                .GET())
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(stack.output("ApiUrl") + "/nothing"))
                                .GET())
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> noStage =
                send(HttpRequest.newBuilder(URI.create(stack.output("ApiUrl").replace("/prod", "") + "/orders/o-1"))
                        .GET());
        assertThat(noStage.statusCode())
                .as("a REST API answers only under its stages")
                .isEqualTo(403);
        assertThat(noStage.body()).contains("Forbidden");
    }

    @Test
    void http_api_outputs_lead_to_its_own_local_port() {
        assertThat(stack.output("HttpApiUrl")).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(URI.create(stack.output("HttpApiUrl")).getPort())
                .isNotEqualTo(URI.create(stack.output("ApiUrl")).getPort());
        assertThat(stack.output("HttpApiId")).matches("[a-z0-9]{10}");
    }

    @Test
    void http_api_route_gets_a_payload_2_0_event_with_path_parameters_query_headers_and_cookies() throws Exception {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(URI.create(stack.output("HttpApiUrl") + "/orders/o%2D9?view=full&tag=a&tag=b"))
                        .header("X-Trace", "t-1")
                        .header("Cookie", "theme=dark; lang=en")
                        .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Route")).contains("GET /orders/{id}");
        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("session=s-1; Path=/");
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.path("version").asText()).isEqualTo("2.0");
        assertThat(body.path("routeKey").asText()).isEqualTo("GET /orders/{id}");
        assertThat(body.path("method").asText()).isEqualTo("GET");
        assertThat(body.path("rawPath").asText()).isEqualTo("/orders/o%2D9");
        assertThat(body.path("rawQueryString").asText()).isEqualTo("view=full&tag=a&tag=b");
        assertThat(body.path("pathParameters").path("id").asText()).isEqualTo("o-9");
        assertThat(body.path("queryStringParameters").path("tag").asText())
                .as("repeated query parameters are joined with commas in 2.0")
                .isEqualTo("a,b");
        assertThat(body.path("trace").asText())
                .as("header names lower-cased in 2.0")
                .isEqualTo("t-1");
        assertThat(body.path("cookies")).extracting(JsonNode::asText).containsExactly("theme=dark", "lang=en");
        assertThat(body.path("stage").asText()).isEqualTo("$default");
    }

    @Test
    void http_api_post_body_greedy_path_and_a_result_without_status_code() throws Exception {
        HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(stack.output("HttpApiUrl") + "/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"book-2\"}")));
        assertThat(posted.statusCode()).isEqualTo(201);
        assertThat(MAPPER.readTree(posted.body()).path("body").asText()).isEqualTo("{\"sku\":\"book-2\"}");

        HttpResponse<String> file =
                send(HttpRequest.newBuilder(URI.create(stack.output("HttpApiUrl") + "/files/a/b/c.txt"))
                        .DELETE());
        assertThat(MAPPER.readTree(file.body())
                        .path("pathParameters")
                        .path("proxy")
                        .asText())
                .isEqualTo("a/b/c.txt");
        assertThat(MAPPER.readTree(file.body()).path("routeKey").asText()).isEqualTo("ANY /files/{proxy+}");

        HttpResponse<String> plain = send(HttpRequest.newBuilder(URI.create(stack.output("HttpApiUrl") + "/plain"))
                .GET());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(MAPPER.readTree(plain.body()).path("plain").asBoolean()).isTrue();
    }

    @Test
    void http_api_route_with_payload_1_0_gets_the_rest_style_event_and_unknown_routes_get_404() throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(stack.output("HttpApiUrl") + "/legacy/o-3?view=brief"))
                        .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Resource")).contains("/legacy/{id}");
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.path("id").asText()).isEqualTo("o-3");
        assertThat(body.path("view").asText()).isEqualTo("brief");
        assertThat(body.path("stage").asText()).isEqualTo("$default");
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(stack.output("HttpApiUrl") + "/nothing"))
                .GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Not Found");
    }

    @Test
    void without_local_functions_an_http_api_still_fails_provisioning_on_moto_and_says_why() {
        CloudTestConfig config =
                TestTargets.moto().set(CloudTestConfig.LOCAL_FUNCTIONS, "never").build();
        try (CloudTestRun other = CloudTestRun.start(config)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.provision(StackSpec.builder()
                            .templateResource("stacks/local-api.yaml")
                            .build()))
                    .isInstanceOf(ProvisioningFailedException.class)
                    .hasMessageContaining("HttpApi (AWS::ApiGatewayV2::Api)")
                    .hasMessageContaining("moto cannot create HTTP APIs")
                    .hasMessageContaining("cloudtest.local-functions");
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
