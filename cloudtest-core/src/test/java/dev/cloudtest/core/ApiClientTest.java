package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cloudtest.core.exception.CloudTestException;
import dev.cloudtest.core.journey.ApiClient;
import dev.cloudtest.core.journey.ApiResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** ApiClient against a loopback server: JSON both ways, headers, timeout, status assertions, redaction, SigV4. */
class ApiClientTest {
    /** What the server received. */
    record Received(String method, String path, Map<String, List<String>> headers, String body) {}

    /** A type with fewer fields than the JSON it is read from. */
    record Order(String id, int quantity) {}

    private HttpServer server;
    private URI baseUrl;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/prod/orders", exchange -> {
            String body = record(exchange);
            if (exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 201, "{\"id\":\"o-1\",\"quantity\":2,\"echo\":" + body + "}");
            } else {
                respond(exchange, 400, "{\"message\":\"bad order\",\"sessionToken\":\"tok-SECRET-1\"}");
            }
        });
        server.createContext("/prod/slow", exchange -> {
            record(exchange);
            try {
                // Held until the test ends, so the client's timeout is what ends the call; no sleep involved.
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{}");
        });
        server.createContext("/prod/text", exchange -> {
            record(exchange);
            respond(exchange, 200, "not json");
        });
        server.start();
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prod");
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void post_sends_the_body_as_json_and_reads_the_json_response() {
        ApiResponse response = ApiClient.of(baseUrl).post("/orders", Map.of("sku", "book-1"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("echo").path("sku").asText()).isEqualTo("book-1");
        assertThat(response.as(Order.class)).isEqualTo(new Order("o-1", 2));
        assertThat(response.header("content-type")).contains("application/json");
        Received request = received.poll();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/prod/orders");
        assertThat(request.body()).isEqualTo("{\"sku\":\"book-1\"}");
        assertThat(request.headers().get("Content-type")).containsExactly("application/json");
    }

    @Test
    void a_string_body_is_sent_as_it_is() {
        ApiClient.of(baseUrl).post("orders", "{\"sku\": \"raw\"}").assertStatus(201);

        assertThat(received.poll().body()).isEqualTo("{\"sku\": \"raw\"}");
    }

    @Test
    void default_and_per_copy_headers_are_sent() {
        ApiClient client = ApiClient.builder()
                .baseUrl(baseUrl)
                .header("X-Tenant", "t-1")
                .build()
                .withHeader("X-Request-Id", "r-7");

        client.get("/orders");

        Map<String, List<String>> headers = received.poll().headers();
        assertThat(headers.get("X-tenant")).containsExactly("t-1");
        assertThat(headers.get("X-request-id")).containsExactly("r-7");
        assertThat(headers.get("Accept")).containsExactly("application/json");
    }

    @Test
    void timeout_fails_with_the_url_and_the_timeout() {
        ApiClient client = ApiClient.builder()
                .baseUrl(baseUrl)
                .timeout(Duration.ofMillis(300))
                .build();

        assertThatThrownBy(() -> client.get("/slow"))
                .isInstanceOf(CloudTestException.class)
                .hasMessageContaining("GET " + baseUrl + "/slow")
                .hasMessageContaining("no response within 300 ms");
    }

    @Test
    void status_assertion_shows_request_and_response_with_secrets_redacted() {
        ApiClient client = ApiClient.of(baseUrl)
                .withHeader("Authorization", "Bearer SECRET-BEARER")
                .withHeader("X-Api-Key", "SECRET-KEY")
                .withHeader("Cookie", "session=SECRET-COOKIE");

        ApiResponse response = client.put("/orders", Map.of("sku", "book-1", "password", "SECRET-PASSWORD"));

        assertThatThrownBy(() -> response.assertStatus(200))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected status 200 from PUT " + baseUrl + "/orders but was 400")
                .hasMessageContaining("--- request ---")
                .hasMessageContaining("\"sku\":\"book-1\"")
                .hasMessageContaining("--- response ---")
                .hasMessageContaining("bad order")
                .hasMessageContaining("Authorization: ****")
                .hasMessageContaining("X-Api-Key: ****")
                .hasMessageContaining("\"password\":\"****\"")
                .hasMessageContaining("\"sessionToken\":\"****\"")
                .hasMessageNotContainingAny(
                        "SECRET-BEARER", "SECRET-KEY", "SECRET-COOKIE", "SECRET-PASSWORD", "tok-SECRET-1");
    }

    @Test
    void status_assertion_passes_and_returns_the_response() {
        ApiResponse response = ApiClient.of(baseUrl).post("/orders", Map.of()).assertStatus(201);

        assertThat(response.json().path("id").asText()).isEqualTo("o-1");
    }

    @Test
    void json_of_a_non_json_body_fails_with_the_body() {
        ApiResponse response = ApiClient.of(baseUrl).get("/text");

        assertThatThrownBy(response::json)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected a JSON body from GET " + baseUrl + "/text but it is not JSON")
                .hasMessageContaining("not json");
    }

    @Test
    void signed_requests_carry_a_sigv4_authorization_for_the_region_and_service() {
        ApiClient client = ApiClient.builder()
                .baseUrl(baseUrl)
                .credentials(
                        "eu-west-1",
                        StaticCredentialsProvider.create(
                                AwsSessionCredentials.create("AKIDEXAMPLE", "secret-key", "session-token")))
                .build()
                .signed("execute-api");

        client.post("/orders", Map.of("sku", "book-1")).assertStatus(201);

        Map<String, List<String>> headers = received.poll().headers();
        assertThat(headers.get("Authorization"))
                .singleElement()
                .asString()
                .matches("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/execute-api/aws4_request, "
                        + "SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}");
        assertThat(headers.get("X-amz-date")).singleElement().asString().matches("\\d{8}T\\d{6}Z");
        assertThat(headers.get("X-amz-security-token")).containsExactly("session-token");
    }

    @Test
    void signing_without_credentials_says_how_to_get_them() {
        assertThatThrownBy(() -> ApiClient.of(baseUrl).signed("execute-api"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no AWS credentials")
                .hasMessageContaining("probes.api(url)");
    }

    @Test
    void unsigned_requests_have_no_authorization() {
        ApiClient.of(baseUrl).get("/orders");

        assertThat(received.poll().headers()).doesNotContainKey("Authorization");
    }

    private String record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()),
                body));
        return body;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
