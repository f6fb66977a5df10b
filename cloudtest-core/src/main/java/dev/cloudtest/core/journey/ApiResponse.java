package dev.cloudtest.core.journey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.http.SentRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * A response from an {@link ApiClient}, whatever its status, together with the request that produced it. Accessors
 * never fail; {@link #assertStatus(int)}, {@link #json()} and {@link #as(Class)} fail with an {@link AssertionError}
 * that shows the request and the response, credentials redacted.
 *
 * <pre>{@code
 * OrderView order = api.get("/orders/42").assertStatus(200).as(OrderView.class);
 * }</pre>
 */
public final class ApiResponse {
    private static final Logger LOG = Loggers.get(ApiResponse.class);

    private final SentRequest request;
    private final int status;
    private final Map<String, List<String>> headers;
    private final String body;
    private final Duration elapsed;
    private final ObjectMapper mapper;

    ApiResponse(
            SentRequest request,
            int status,
            Map<String, List<String>> headers,
            String body,
            Duration elapsed,
            ObjectMapper mapper) {
        this.request = Objects.requireNonNull(request);
        this.status = status;
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = java.util.Collections.unmodifiableMap(copy);
        this.body = body == null ? "" : body;
        this.elapsed = elapsed;
        this.mapper = mapper;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The body as text; empty when there was none. */
    public String body() {
        return body;
    }

    /** The first value of a header (name case-insensitive), when present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** All headers, names case-insensitive. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** How long the call took, from sending to the full body. */
    public Duration elapsed() {
        return elapsed;
    }

    /** "POST http://host/orders", for messages; secret query parameters masked. */
    public String requestLine() {
        return request.line();
    }

    /**
     * The body parsed as JSON.
     *
     * @throws AssertionError when the body is empty or not JSON, showing the request and the response
     */
    public JsonNode json() {
        if (body.isBlank()) {
            throw failure("expected a JSON body from " + request.line() + " but the body was empty");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw failure(
                    "expected a JSON body from " + request.line() + " but it is not JSON: " + e.getOriginalMessage(),
                    e);
        }
    }

    /**
     * The JSON body read as {@code type} (unknown properties ignored by the default mapper).
     *
     * @throws AssertionError when the body does not read as {@code type}, showing the request and the response
     */
    public <T> T as(Class<T> type) {
        if (body.isBlank()) {
            throw failure("expected a " + type.getSimpleName() + " from " + request.line() + " but the body was empty");
        }
        try {
            return mapper.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw failure(
                    "expected a " + type.getSimpleName() + " from " + request.line() + " but the body does not read"
                            + " as one: " + e.getOriginalMessage(),
                    e);
        }
    }

    /**
     * Fails unless the status is {@code expected}.
     *
     * @return this response, for chaining ({@code api.post(...).assertStatus(201).json()})
     * @throws AssertionError "expected status 201 from POST ... but was 400", with the request and the response
     */
    public ApiResponse assertStatus(int expected) {
        if (status != expected) {
            throw failure("expected status " + expected + " from " + request.line() + " but was " + status);
        }
        return this;
    }

    private AssertionError failure(String what) {
        return failure(what, null);
    }

    private AssertionError failure(String what, Throwable cause) {
        String message = what + " (after " + Eventually.format(elapsed) + ")\n" + exchange();
        LOG.warn("API call failed: {}", message);
        return new AssertionError(message, cause);
    }

    /** The request and the response as text, credentials redacted and bodies trimmed. */
    private String exchange() {
        return "--- request ---\n" + request.describe() + "\n--- response ---\n"
                + SentRequest.describeResponse(status, headers, body);
    }

    /** "POST http://host/orders -> 201", no bodies or headers. */
    @Override
    public String toString() {
        return request.line() + " -> " + status;
    }
}
