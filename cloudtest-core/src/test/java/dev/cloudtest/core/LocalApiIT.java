package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A REST API's proxy integrations of a local function, served on loopback behind the stack's API URL output. */
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
                        .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Resource")).contains("/orders/{id}");
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.path("method").asText()).isEqualTo("GET");
        assertThat(body.path("id").asText()).isEqualTo("o-7");
        assertThat(body.path("view").asText()).isEqualTo("full");
        assertThat(body.path("stage").asText()).isEqualTo("prod");
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
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
