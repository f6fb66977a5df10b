package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cloudtest.core.journey.ApiResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** probes.api(url) signs with the run's own credentials and region when asked, and only then. */
class ApiProbeIT {
    private static CloudTestRun run;
    private static HttpServer server;
    private static URI baseUrl;
    private static final BlockingQueue<String> authorizations = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        run = CloudTestRun.start(TestTargets.moto().build());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        run.close();
    }

    @Test
    void signed_api_client_uses_the_run_credentials_and_region() {
        ApiResponse response = run.probes().api(baseUrl).signed("execute-api").post("/orders", Map.of("sku", "b-1"));

        assertThat(response.assertStatus(200).json().path("ok").asBoolean()).isTrue();
        assertThat(authorizations.poll())
                .matches("AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/"
                        + Pattern.quote(run.session().region()) + "/execute-api/aws4_request, .*");
    }

    @Test
    void api_client_from_probes_is_unsigned_unless_asked() {
        run.probes().api(baseUrl).get("/health").assertStatus(200);

        assertThat(authorizations.poll()).isEqualTo("null");
    }
}
