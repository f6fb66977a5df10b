package dev.cloudtest.core.journey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cloudtest.core.exception.CloudTestException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.http.SentRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * An HTTP client for the system under test: JSON in and out, default headers, a timeout, and optional SigV4 signing
 * for IAM-authorised APIs (API Gateway with {@code AWS_IAM}, Lambda function URLs). Immutable; {@link #withHeader}
 * and {@link #signed} return configured copies that share the connection pool.
 *
 * <pre>{@code
 * ApiClient api = probes.api(URI.create(stack.output("ApiUrl"))).signed("execute-api");
 * ApiResponse created = api.post("/orders", Map.of("sku", "book-1")).assertStatus(201);
 * String id = created.json().path("orderId").asText();
 * Order order = api.get("/orders/" + id).assertStatus(200).as(Order.class);
 * }</pre>
 *
 * Failure messages (from {@link ApiResponse#assertStatus(int)} and transport errors) carry the request and the
 * response with credentials redacted: the Authorization, X-Amz-Security-Token, X-Api-Key and cookie headers, and JSON
 * fields named like a password, secret or token. The same text is logged (SLF4J, WARN) on failure only.
 */
public final class ApiClient {
    /** The timeout of a client that was not given one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = Loggers.get(ApiClient.class);
    // java.net.http sets these itself and refuses them from callers.
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI baseUrl;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final Optional<String> signingService;
    private final Optional<String> signingRegion;
    private final Optional<IdentityProvider<? extends AwsCredentialsIdentity>> credentials;
    private final ObjectMapper mapper;
    private final HttpClient http;

    private ApiClient(Builder builder, HttpClient http) {
        this.baseUrl = Objects.requireNonNull(builder.baseUrl, "baseUrl");
        this.headers = Map.copyOf(builder.headers);
        this.timeout = builder.timeout;
        this.signingService = builder.signingService;
        this.signingRegion = builder.signingRegion;
        this.credentials = builder.credentials;
        this.mapper = builder.mapper;
        this.http = http != null
                ? http
                : HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /** A client for {@code baseUrl} with the default timeout, JSON headers and no signing. */
    public static ApiClient of(URI baseUrl) {
        return builder().baseUrl(baseUrl).build();
    }

    /** A builder, for default headers, a timeout, signing or another {@link ObjectMapper}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this client's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy of this client configured by {@code change}; e.g. {@code client.with(b -> b.timeout(ofSeconds(5)))}. */
    public ApiClient with(Consumer<Builder> change) {
        Builder builder = toBuilder();
        change.accept(builder);
        return builder.build();
    }

    /** A copy that sends {@code name: value} with every request (replacing a default header of that name). */
    public ApiClient withHeader(String name, String value) {
        Builder builder = toBuilder().header(name, value);
        return new ApiClient(builder, http);
    }

    /**
     * A copy that signs every request with SigV4 for {@code service} ({@code execute-api} for API Gateway,
     * {@code lambda} for function URLs), with the credentials and region it was given: those of the run when it came
     * from {@link Probes#api(URI)}, or {@link Builder#credentials}.
     *
     * @throws IllegalStateException when the client has no credentials to sign with
     */
    public ApiClient signed(String service) {
        if (credentials.isEmpty() || signingRegion.isEmpty()) {
            throw new IllegalStateException("ApiClient for " + baseUrl + " has no AWS credentials to sign " + service
                    + " requests with. Get the client from probes.api(url), which signs with the run's credentials"
                    + " and region, or build it with ApiClient.builder().credentials(region, credentialsProvider).");
        }
        return new ApiClient(toBuilder().signed(service), http);
    }

    /** The base URL that request paths are appended to. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** How long a request may take, connecting included. */
    public Duration timeout() {
        return timeout;
    }

    /** The SigV4 service name requests are signed for; empty when they are not signed. */
    public Optional<String> signingService() {
        return signingService;
    }

    /** {@code GET path}. */
    public ApiResponse get(String path) {
        return send("GET", path, Optional.empty());
    }

    /** {@code DELETE path}. */
    public ApiResponse delete(String path) {
        return send("DELETE", path, Optional.empty());
    }

    /** {@code POST path} with {@code body} as JSON; see {@link #send(String, String, Object)} for the body types. */
    public ApiResponse post(String path, Object body) {
        return send("POST", path, Optional.of(body));
    }

    /** {@code PUT path} with {@code body} as JSON; see {@link #send(String, String, Object)} for the body types. */
    public ApiResponse put(String path, Object body) {
        return send("PUT", path, Optional.of(body));
    }

    /** {@code PATCH path} with {@code body} as JSON; see {@link #send(String, String, Object)} for the body types. */
    public ApiResponse patch(String path, Object body) {
        return send("PATCH", path, Optional.of(body));
    }

    /** A request without a body, e.g. {@code send("HEAD", "/health")}. */
    public ApiResponse send(String method, String path) {
        return send(method, path, Optional.empty());
    }

    /**
     * A request with a body. A {@code String} or {@code byte[]} is sent as it is (so a JSON text stays that text); any
     * other object is serialised by the client's {@link ObjectMapper}. {@code Content-Type} is
     * {@code application/json} unless a header says otherwise.
     *
     * @param path appended to the base URL ({@code /orders/42?view=full}); already URL-encoded
     * @return the response, whatever its status: check it with {@link ApiResponse#assertStatus(int)}
     * @throws CloudTestException when no response arrives within the timeout or the connection fails, naming the
     *     request and the timeout
     */
    public ApiResponse send(String method, String path, Object body) {
        return send(method, path, Optional.of(body));
    }

    private ApiResponse send(String method, String path, Optional<Object> body) {
        String upperMethod = method.toUpperCase(Locale.ROOT);
        URI uri = resolve(path);
        byte[] bytes = body.map(this::serialise).orElse(null);
        Map<String, String> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        requestHeaders.put("Accept", "application/json");
        if (bytes != null) {
            requestHeaders.put("Content-Type", "application/json");
        }
        requestHeaders.putAll(headers);
        if (signingService.isPresent()) {
            requestHeaders = sign(upperMethod, uri, requestHeaders, bytes);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(
                        upperMethod,
                        bytes == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        requestHeaders.forEach((name, value) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                request.header(name, value);
            }
        });
        Map<String, List<String>> sentHeaders = new LinkedHashMap<>();
        requestHeaders.forEach((name, value) -> sentHeaders.put(name, List.of(value)));
        SentRequest sent = new SentRequest(
                upperMethod, uri, sentHeaders, bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ApiResponse(
                    sent,
                    response.statusCode(),
                    response.headers().map(),
                    response.body(),
                    Duration.ofNanos(System.nanoTime() - start),
                    mapper);
        } catch (HttpTimeoutException e) {
            throw transportFailure(
                    sent,
                    "no response within " + Eventually.format(timeout) + " (the client's timeout; give it more with"
                            + " ApiClient.builder().timeout(...) or client.with(b -> b.timeout(...)))",
                    e);
        } catch (IOException e) {
            throw transportFailure(sent, "the request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw transportFailure(sent, "interrupted while waiting for the response", e);
        }
    }

    private static CloudTestException transportFailure(SentRequest sent, String what, Exception cause) {
        String message = sent.line() + ": " + what + "\n--- request ---\n" + sent.describe();
        LOG.warn("API call failed: {}", message);
        return new CloudTestException(message, cause);
    }

    private URI resolve(String path) {
        String base = baseUrl.toString();
        if (path.isEmpty()) {
            return baseUrl;
        }
        // Appended, not URI.resolve: a base of .../prod and a path of /orders mean .../prod/orders.
        String joined = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + (path.startsWith("/") || path.startsWith("?") ? path : "/" + path);
        try {
            return URI.create(joined);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Not a valid URL: " + joined + " (" + e.getMessage() + "); encode the path and query of " + path,
                    e);
        }
    }

    private byte[] serialise(Object body) {
        Objects.requireNonNull(body, "body (use a method without a body instead of null)");
        if (body instanceof byte[] raw) {
            return raw.clone();
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Cannot serialise the request body (" + body.getClass().getName() + ") as JSON: "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    private Map<String, String> sign(String method, URI uri, Map<String, String> requestHeaders, byte[] body) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        requestHeaders.forEach(unsigned::putHeader);
        AwsCredentialsIdentity identity =
                credentials.orElseThrow().resolveIdentity().join();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                .request(unsigned.build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingService.orElseThrow())
                .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion.orElseThrow()));
        Map<String, String> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        signed.request().headers().forEach((name, values) -> result.put(name, String.join(",", values)));
        return result;
    }

    @Override
    public String toString() {
        return "ApiClient[" + baseUrl + ", timeout " + Eventually.format(timeout)
                + signingService
                        .map(s -> ", SigV4 " + s + " " + signingRegion.orElse(""))
                        .orElse("") + "]";
    }

    /** Builds an {@link ApiClient}; only {@link #baseUrl(URI)} is required. */
    public static final class Builder {
        private URI baseUrl;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private Duration timeout = DEFAULT_TIMEOUT;
        private Optional<String> signingService = Optional.empty();
        private Optional<String> signingRegion = Optional.empty();
        private Optional<IdentityProvider<? extends AwsCredentialsIdentity>> credentials = Optional.empty();
        private ObjectMapper mapper = defaultMapper();

        private Builder() {}

        private Builder(ApiClient client) {
            this.baseUrl = client.baseUrl;
            this.headers.putAll(client.headers);
            this.timeout = client.timeout;
            this.signingService = client.signingService;
            this.signingRegion = client.signingRegion;
            this.credentials = client.credentials;
            this.mapper = client.mapper;
        }

        /** The base URL, e.g. an API Gateway stage URL {@code https://abc.execute-api.eu-west-1.amazonaws.com/prod}. */
        public Builder baseUrl(URI baseUrl) {
            String scheme = Objects.requireNonNull(baseUrl, "baseUrl").getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException(
                        "The base URL must be an http or https URL, such as a stack's API URL output: " + baseUrl);
            }
            this.baseUrl = baseUrl;
            return this;
        }

        /** A header sent with every request (replacing one of the same name). */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Headers sent with every request. */
        public Builder headers(Map<String, String> headers) {
            headers.forEach(this::header);
            return this;
        }

        /** How long connecting and waiting for a response may take ({@link #DEFAULT_TIMEOUT} by default). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The credentials and region to sign with (requests are signed once {@link #signed(String)} names the
         * service). Any SDK credentials provider fits, e.g. {@code DefaultCredentialsProvider.create()}.
         */
        public Builder credentials(String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
            this.signingRegion = Optional.of(Objects.requireNonNull(region, "region"));
            this.credentials = Optional.of(Objects.requireNonNull(credentials, "credentials"));
            return this;
        }

        /** Sign requests with SigV4 for {@code service} ({@code execute-api}, {@code lambda}); needs credentials. */
        public Builder signed(String service) {
            this.signingService = Optional.of(Objects.requireNonNull(service, "service"));
            return this;
        }

        /** Requests are sent unsigned (the default). */
        public Builder unsigned() {
            this.signingService = Optional.empty();
            return this;
        }

        /**
         * The mapper for request and response bodies. The default writes dates as ISO-8601 text (java.time supported)
         * and ignores unknown properties, so a test type may declare only the fields it checks.
         */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalStateException without a base URL, or when signing is asked for without credentials
         */
        public ApiClient build() {
            if (baseUrl == null) {
                throw new IllegalStateException("ApiClient needs a base URL: ApiClient.builder().baseUrl(uri)");
            }
            if (signingService.isPresent() && credentials.isEmpty()) {
                throw new IllegalStateException("ApiClient for " + baseUrl + " should sign " + signingService.get()
                        + " requests but has no credentials: add .credentials(region, credentialsProvider), or get"
                        + " the client from probes.api(url), which signs with the run's credentials and region.");
            }
            return new ApiClient(this, null);
        }

        private static ObjectMapper defaultMapper() {
            return new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        }
    }
}
