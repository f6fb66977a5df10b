package dev.cloudtest.core.internal.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Forwards a request that a loopback endpoint received to another endpoint unchanged (method, path, query, headers and
 * body), and its answer back: the pass-through of cloudtest's loopback fronts (the Lambda invoke router, the emulator's
 * callback port).
 */
public final class LoopbackForwarding {
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "host", "transfer-encoding", "expect", "upgrade");
    /** Longer than any emulator call takes: a long-polling {@code ReceiveMessage} waits up to 20 s. */
    private static final Duration TIMEOUT = Duration.ofSeconds(70);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Sends the exchange's request, whose body was read already, to {@code upstream}, and its answer back; answers 503
     * when interrupted.
     */
    public void forward(HttpExchange exchange, byte[] body, URI upstream) throws IOException {
        URI requested = exchange.getRequestURI();
        URI uri = upstream.resolve(
                requested.getRawPath() + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        byte[] answer;
        try (InputStream in = response.body()) {
            answer = in.readAllBytes();
        }
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }
}
