package dev.cloudtest.core.internal.lambda.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cloudtest.core.exception.LocalFunctionException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.http.LoopbackServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * One API of the stack served on its own loopback port, its Lambda proxy routes invoking the local functions: a REST
 * API with payload 1.0 events, an HTTP API with 1.0 or 2.0 events per integration. The API's deployed URLs
 * ({@code https://<api id>.execute-api.<region>.amazonaws.com/...}) are pointed here ({@link #localUrl(String)}). A
 * leading stage segment selects the stage, as on API Gateway; without one only an HTTP API with a {@code $default}
 * stage (or an API that declares no stage) answers. Unmatched requests and failed functions get API Gateway's answers
 * (REST: 403 and 502; HTTP API: 404 and 500).
 */
public final class LocalApi implements AutoCloseable {
    private static final Logger LOG = Loggers.get(LocalApi.class);

    private final ApiRoutes.Api api;
    private final String accountId;
    private final HttpServer server;
    private final Pattern deployedUrl;
    private final Optional<DeployedFunctions> deployed;

    private LocalApi(ApiRoutes.Api api, String accountId, Optional<DeployedFunctions> deployed, HttpServer server) {
        this.api = api;
        this.deployed = deployed;
        this.accountId = accountId;
        this.server = server;
        this.deployedUrl = api.functionUrl()
                ? Pattern.compile("^https://" + Pattern.quote(api.apiId()) + "\\.lambda-url\\.[^/]+\\.on\\.aws")
                : Pattern.compile("^https://" + Pattern.quote(api.apiId())
                        + "\\.execute-api\\.[^/]+\\.amazonaws\\.com(?:\\.cn)?");
    }

    /**
     * Serves one API on a free loopback port.
     *
     * @param deployed how routes to functions that do not run locally reach the deployed ones; empty where deployed
     *     functions cannot run (an emulator without Lambda execution): such routes answer 500/502
     */
    public static LocalApi start(ApiRoutes.Api api, String accountId, Optional<DeployedFunctions> deployed) {
        try {
            HttpServer server = LoopbackServers.create("cloudtest-api-" + api.logicalId());
            LocalApi local = new LocalApi(api, accountId, deployed, server);
            server.createContext("/", local::handle);
            server.start();
            LOG.info(
                    "cloudtest: serving {} route(s) of {} ({}) at {}: {}",
                    api.routes().size(),
                    api.logicalId(),
                    api.functionUrl() ? "function URL" : api.http() ? "HTTP API" : "REST API",
                    local.baseUrl(),
                    api.routes().stream()
                            .map(r -> r.routeKey() + " (payload "
                                    + (r.payload() == ApiRoutes.Payload.V1 ? "1.0" : "2.0") + ")")
                            .toList());
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot serve the local API " + api.logicalId() + " on a loopback port: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a request to an {@code AWS_IAM} function URL carries a SigV4 signature; the first time, a warning says
     * that the signature is not verified here (nor the caller's permission to invoke the URL).
     */
    private boolean signed(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return false;
        }
        if (!warnedUnverified) {
            warnedUnverified = true;
            LOG.warn(
                    "cloudtest: function URL {} (AuthType AWS_IAM) accepts signed requests without verifying the "
                            + "signature or the caller's lambda:InvokeFunctionUrl permission; unsigned ones get 403",
                    api.logicalId());
        }
        return true;
    }

    private volatile boolean warnedUnverified;

    /** Where the local API answers, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    /** This API's deployed URL pointed at the local API; empty for any other URL. */
    public Optional<String> localUrl(String deployedUrl) {
        Matcher matcher = this.deployedUrl.matcher(deployedUrl);
        return matcher.find() ? Optional.of(baseUrl() + deployedUrl.substring(matcher.end())) : Optional.empty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (api.iamAuth() && !signed(exchange)) {
                // As a function URL with AuthType AWS_IAM answers a request without a SigV4 signature.
                send(exchange, ProxyEvents.Response.json(403, "{\"Message\":\"Forbidden\"}"));
                return;
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            String path = rawPath;
            String stage = api.http() ? "$default" : "local";
            String[] segments = rawPath.split("/", 3);
            if (segments.length > 1 && api.stages().contains(segments[1])) {
                stage = segments[1];
                path = segments.length > 2 ? "/" + segments[2] : "/";
            } else if (!api.servesRoot()) {
                // No such stage: API Gateway answers before any route is looked at.
                send(
                        exchange,
                        api.http()
                                ? ProxyEvents.Response.json(404, "{\"message\":\"Not Found\"}")
                                : ProxyEvents.Response.json(403, "{\"message\":\"Forbidden\"}"));
                return;
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            for (ApiRoutes.Route route : api.routes()) {
                Optional<Map<String, String>> parameters = route.match(method, path);
                if (parameters.isPresent()) {
                    Map<String, List<String>> headers = new LinkedHashMap<>();
                    exchange.getRequestHeaders().forEach((k, v) -> headers.put(canonical(k), new ArrayList<>(v)));
                    ProxyEvents.Request request = new ProxyEvents.Request(
                            method,
                            rawPath,
                            path,
                            exchange.getRequestURI().getRawQuery(),
                            headers,
                            exchange.getRequestBody().readAllBytes(),
                            exchange.getRemoteAddress().getAddress().getHostAddress(),
                            stage,
                            api.apiId(),
                            accountId,
                            Instant.now());
                    ProxyEvents.Response response;
                    try {
                        response = respond(route, request, parameters.get());
                    } catch (RuntimeException e) {
                        // e.g. the function's JVM ended with the run: answer as API Gateway would, not by hanging up
                        LOG.warn("cloudtest: {} {} -> {} failed: {}", method, rawPath, route.routeKey(), e.toString());
                        response = failure();
                    }
                    send(exchange, response);
                    return;
                }
            }
            send(
                    exchange,
                    api.http()
                            ? ProxyEvents.Response.json(404, "{\"message\":\"Not Found\"}")
                            : ProxyEvents.Response.json(403, "{\"message\":\"Missing Authentication Token\"}"));
        }
    }

    private ProxyEvents.Response respond(
            ApiRoutes.Route route, ProxyEvents.Request request, Map<String, String> parameters) {
        String event = route.payload() == ApiRoutes.Payload.V2
                ? ProxyEvents.v2(route, request, parameters)
                : ProxyEvents.v1(route, request, parameters, api.http());
        if (route.function().isEmpty()) {
            if (deployed.isEmpty()) {
                LOG.warn(
                        "cloudtest: {} {} -> {}: its function {} does not run locally",
                        request.method(),
                        request.rawPath(),
                        route.routeKey(),
                        route.target());
                return failure();
            }
            Optional<ProxyEvents.Response> response = deployed.get()
                    .invoke(route.target(), event)
                    .map(result -> ProxyEvents.response(result, route.payload()));
            return response.orElseGet(this::failure);
        }
        String result;
        try {
            result = route.function().get().invoke(event);
        } catch (LocalFunctionException e) {
            LOG.warn(
                    "cloudtest: {} {} -> {}: {}: {}",
                    request.method(),
                    request.rawPath(),
                    route.function().get().logicalId(),
                    e.errorType(),
                    e.errorMessage());
            return failure();
        }
        ProxyEvents.Response response = ProxyEvents.response(result, route.payload());
        if (response == null) {
            LOG.warn(
                    "cloudtest: {} {} -> {} returned what API Gateway cannot read as a response{}: {}",
                    request.method(),
                    request.rawPath(),
                    route.function().get().logicalId(),
                    route.payload() == ApiRoutes.Payload.V1 ? " (payload 1.0 needs a statusCode)" : "",
                    result.length() > 200 ? result.substring(0, 200) + "..." : result);
            return failure();
        }
        return response;
    }

    /**
     * A header name in the case clients usually write it ({@code Content-Type}, {@code X-Trace-Id}): the JDK's server
     * hands names over as {@code Content-type}, which a REST API handler looking up {@code Content-Type} would not
     * find. The client's own case is not known (an approximation; HTTP APIs lower-case names anyway).
     */
    static String canonical(String name) {
        StringBuilder result = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            result.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return result.toString();
    }

    private ProxyEvents.Response failure() {
        return api.http()
                ? ProxyEvents.Response.json(500, "{\"message\":\"Internal Server Error\"}")
                : ProxyEvents.Response.json(502, "{\"message\": \"Internal server error\"}");
    }

    private static void send(HttpExchange exchange, ProxyEvents.Response response) throws IOException {
        response.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        LoopbackServers.stop(server);
    }
}
