package dev.cloudtest.core.internal.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.LocalFunctionException;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A REST API's Lambda proxy integrations ({@code AWS::ApiGateway::Method} with {@code Integration.Type: AWS_PROXY}),
 * served on a loopback port with the payload format 1.0 event, for local functions. The deployed API's URL outputs
 * are pointed here ({@link #localUrl(String)}). A leading stage segment in the path is accepted and dropped.
 */
final class LocalRestApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRestApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern EXECUTE_API =
            Pattern.compile("^https://[^/]+\\.execute-api\\.[^/]+\\.amazonaws\\.com");

    /** One method of one resource path, e.g. {@code POST /orders/{id}}. */
    record Route(String httpMethod, String resourcePath, Pattern pattern, List<String> names, LocalFunction function) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final Set<String> stages;

    private LocalRestApi(HttpServer server, ExecutorService executor, List<Route> routes, Set<String> stages) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.stages = stages;
    }

    /** Serves the template's proxy integrations of local functions; empty when there are none. */
    static Optional<LocalRestApi> start(
            Template template, IntrinsicResolver resolver, Map<String, ? extends LocalFunction> functions) {
        Map<String, Template.Resource> resources = template.resources();
        List<Route> routes = new ArrayList<>();
        Set<String> stages = new HashSet<>();
        for (Template.Resource resource : resources.values()) {
            JsonNode properties = resource.properties();
            if (resource.type().equals("AWS::ApiGateway::Deployment")
                    || resource.type().equals("AWS::ApiGateway::Stage")) {
                JsonNode stage = resolver.resolve(properties.path("StageName"));
                if (stage != null && stage.isTextual()) {
                    stages.add(stage.asText());
                }
            }
            if (!resource.type().equals("AWS::ApiGateway::Method")
                    || !properties.path("Integration").path("Type").asText("").equals("AWS_PROXY")) {
                continue;
            }
            String uri =
                    resolver.resolve(properties.path("Integration").path("Uri")).asText("");
            Optional<? extends LocalFunction> function = functions.values().stream()
                    .filter(f -> uri.contains(":function:" + f.functionName() + "/")
                            || uri.contains(":function:" + f.functionName() + ":"))
                    .findFirst();
            if (function.isEmpty()) {
                continue;
            }
            String path = path(properties.path("ResourceId"), resources);
            List<String> names = new ArrayList<>();
            Matcher variables = Pattern.compile("\\{([^}+]+)(\\+?)}").matcher(path);
            StringBuilder regex = new StringBuilder();
            int last = 0;
            while (variables.find()) {
                regex.append(Pattern.quote(path.substring(last, variables.start())));
                regex.append(variables.group(2).isEmpty() ? "([^/]+)" : "(.+)");
                names.add(variables.group(1));
                last = variables.end();
            }
            regex.append(Pattern.quote(path.substring(last)));
            routes.add(new Route(
                    properties.path("HttpMethod").asText("ANY").toUpperCase(Locale.ROOT),
                    path,
                    Pattern.compile(regex.toString()),
                    names,
                    function.get()));
        }
        if (routes.isEmpty()) {
            return Optional.empty();
        }
        // Literal paths before variables, as API Gateway matches.
        routes.sort(java.util.Comparator.comparing((Route r) -> r.names().size())
                .thenComparing(r -> -r.resourcePath().length()));
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "cloudtest-api");
                t.setDaemon(true);
                return t;
            });
            LocalRestApi api = new LocalRestApi(server, executor, List.copyOf(routes), Set.copyOf(stages));
            server.setExecutor(executor);
            server.createContext("/", api::handle);
            server.start();
            LOG.info("cloudtest: serving {} API route(s) of local functions at {}", routes.size(), api.baseUrl());
            return Optional.of(api);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the local API on a loopback port: " + e.getMessage(), e);
        }
    }

    /** Where the local API answers, e.g. {@code http://127.0.0.1:41234}. */
    URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    /** A deployed {@code https://<id>.execute-api.<region>.amazonaws.com/...} URL pointed at the local API. */
    Optional<String> localUrl(String deployedUrl) {
        Matcher matcher = EXECUTE_API.matcher(deployedUrl);
        return matcher.find() ? Optional.of(matcher.replaceFirst(baseUrl().toString())) : Optional.empty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String stage = "local";
            String[] segments = path.split("/", 3);
            if (segments.length > 1 && stages.contains(segments[1])) {
                stage = segments[1];
                path = segments.length > 2 ? "/" + segments[2] : "/";
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            for (Route route : routes) {
                Matcher matcher = route.pattern().matcher(path);
                if ((route.httpMethod().equals(method) || route.httpMethod().equals("ANY")) && matcher.matches()) {
                    respond(exchange, route, matcher, path, stage);
                    return;
                }
            }
            send(
                    exchange,
                    403,
                    Map.of("Content-Type", "application/json"),
                    "{\"message\":\"Missing Authentication Token\"}");
        }
    }

    private void respond(HttpExchange exchange, Route route, Matcher matcher, String path, String stage)
            throws IOException {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("resource", route.resourcePath());
        event.put("path", path);
        event.put("httpMethod", exchange.getRequestMethod().toUpperCase(Locale.ROOT));
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, String.join(",", values));
            values.forEach(multiHeaders.withArray(name)::add);
        });
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = event.putObject("queryStringParameters");
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                single.put(key, value);
                multi.withArray(key).add(value);
            }
        }
        if (route.names().isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode parameters = event.putObject("pathParameters");
            for (int i = 0; i < route.names().size(); i++) {
                parameters.put(route.names().get(i), URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
            }
        }
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", route.resourcePath());
        context.put("httpMethod", event.path("httpMethod").asText());
        context.put("path", "/" + stage + path);
        context.put("stage", stage);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("requestTimeEpoch", System.currentTimeMillis());
        context.putObject("identity")
                .put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (body.length == 0) {
            event.putNull("body");
        } else {
            event.put("body", new String(body, StandardCharsets.UTF_8));
        }
        event.put("isBase64Encoded", false);
        String result;
        try {
            result = route.function().invoke(event.toString());
        } catch (LocalFunctionException e) {
            LOG.warn(
                    "cloudtest: {} {} -> {}: {}",
                    event.path("httpMethod").asText(),
                    path,
                    e.errorType(),
                    e.errorMessage());
            send(exchange, 502, Map.of("Content-Type", "application/json"), "{\"message\": \"Internal server error\"}");
            return;
        }
        JsonNode response = MAPPER.readTree(result);
        if (!response.isObject() || !response.has("statusCode")) {
            send(exchange, 502, Map.of("Content-Type", "application/json"), "{\"message\": \"Internal server error\"}");
            return;
        }
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        response.path("headers")
                .fields()
                .forEachRemaining(
                        h -> responseHeaders.put(h.getKey(), h.getValue().asText()));
        String responseBody =
                response.path("body").isNull() ? "" : response.path("body").asText("");
        boolean base64 = response.path("isBase64Encoded")
                .asBoolean(response.path("base64Encoded").asBoolean(false));
        byte[] bytes =
                base64 ? Base64.getDecoder().decode(responseBody) : responseBody.getBytes(StandardCharsets.UTF_8);
        send(exchange, response.path("statusCode").asInt(200), responseHeaders, bytes);
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        send(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** The resource path of a {@code ResourceId}: {@code Ref} to a resource (recursively), or the root. */
    private static String path(JsonNode resourceId, Map<String, Template.Resource> resources) {
        String ref = resourceId.path("Ref").asText("");
        Template.Resource resource = resources.get(ref);
        if (resource == null || !resource.type().equals("AWS::ApiGateway::Resource")) {
            return "/"; // Fn::GetAtt Api.RootResourceId
        }
        String parent = path(resource.properties().path("ParentId"), resources);
        return (parent.endsWith("/") ? parent : parent + "/")
                + resource.properties().path("PathPart").asText();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
