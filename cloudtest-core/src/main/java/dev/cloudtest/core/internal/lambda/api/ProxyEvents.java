package dev.cloudtest.core.internal.lambda.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * API Gateway's Lambda proxy events and responses, in payload formats 1.0 and 2.0, as API Gateway writes and reads
 * them.
 */
final class ProxyEvents {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /**
     * A request as received: {@code rawPath} as sent (with a stage prefix), {@code path} without the stage,
     * {@code headers} in the order and case sent.
     */
    record Request(
            String method,
            String rawPath,
            String path,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] body,
            String sourceIp,
            String stage,
            String apiId,
            String accountId,
            Instant time) {}

    /** What the client gets. */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        static Response json(int status, String body) {
            return new Response(
                    status,
                    List.of(Map.entry("Content-Type", "application/json")),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private ProxyEvents() {}

    /** The payload format 1.0 event (REST APIs; HTTP APIs with version 1.0). */
    static String v1(ApiRoutes.Route route, Request request, Map<String, String> pathParameters, boolean http) {
        ObjectNode event = MAPPER.createObjectNode();
        if (http) {
            event.put("version", "1.0");
        }
        event.put("resource", route.path() == null ? "$default" : route.path());
        // An HTTP API's 1.0 path keeps a named stage (API Gateway's way); a REST API's does not.
        event.put("path", http && !request.stage().equals("$default") ? request.rawPath() : request.path());
        event.put("httpMethod", request.method());
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        request.headers().forEach((sent, values) -> {
            String name = http ? sent.toLowerCase(Locale.ROOT) : sent; // HTTP APIs lower-case every header name
            headers.put(name, values.get(values.size() - 1));
            values.forEach(multiHeaders.withArray(name)::add);
        });
        Map<String, List<String>> query = query(request.rawQuery());
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = event.putObject("queryStringParameters");
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            query.forEach((key, values) -> {
                single.put(key, values.get(values.size() - 1));
                values.forEach(multi.withArray(key)::add);
            });
        }
        if (pathParameters.isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode parameters = event.putObject("pathParameters");
            pathParameters.forEach((k, v) -> parameters.put(k, decodePath(v)));
        }
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", request.accountId());
        context.put("apiId", request.apiId());
        context.put("resourcePath", route.path() == null ? "$default" : route.path());
        context.put("httpMethod", request.method());
        context.put("path", request.rawPath());
        context.put("protocol", "HTTP/1.1");
        context.put("stage", request.stage());
        context.put("requestId", UUID.randomUUID().toString());
        context.put("requestTime", REQUEST_TIME.format(request.time()));
        context.put("requestTimeEpoch", request.time().toEpochMilli());
        context.putObject("identity").put("sourceIp", request.sourceIp());
        body(event, request, false, http);
        return event.toString();
    }

    /** The payload format 2.0 event of HTTP APIs. */
    static String v2(ApiRoutes.Route route, Request request, Map<String, String> pathParameters) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", route.routeKey());
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
        List<String> cookies = new ArrayList<>();
        ObjectNode headers = MAPPER.createObjectNode();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(v -> {
                    for (String cookie : v.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                });
            } else {
                String joined = String.join(",", values);
                headers.put(lower, headers.has(lower) ? headers.get(lower).asText() + "," + joined : joined);
            }
        });
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        event.set("headers", headers);
        Map<String, List<String>> query = query(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            query.forEach((key, values) -> parameters.put(key, String.join(",", values)));
        }
        if (!pathParameters.isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            pathParameters.forEach((k, v) -> parameters.put(k, decodePath(v)));
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", request.accountId());
        context.put("apiId", request.apiId());
        String host = headers.path("host").asText("localhost");
        context.put("domainName", host);
        context.put("domainPrefix", host.contains(".") ? host.substring(0, host.indexOf('.')) : host);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.path("user-agent").asText(""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", route.routeKey());
        context.put("stage", request.stage());
        context.put("time", REQUEST_TIME.format(request.time()));
        context.put("timeEpoch", request.time().toEpochMilli());
        body(event, request, true, true);
        return event.toString();
    }

    /**
     * The client's response from the function's result. Payload 1.0 needs {@code statusCode}; under 2.0 a result
     * without one is the body of a 200 {@code application/json} response. A {@code body} must be a string;
     * {@code multiValueHeaders} count under 1.0 only, {@code cookies} under 2.0 only. {@code null} when the result is
     * not a response API Gateway accepts (it answers 500/502 then).
     */
    static Response response(String result, ApiRoutes.Payload payload) {
        JsonNode response;
        try {
            response = MAPPER.readTree(result);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (response == null || !response.isObject() || !response.has("statusCode")) {
            if (payload == ApiRoutes.Payload.V1 || response == null) {
                return null;
            }
            String body = response.isTextual() ? response.asText() : response.toString();
            return Response.json(200, body);
        }
        JsonNode bodyNode = response.path("body");
        if (!bodyNode.isMissingNode() && !bodyNode.isNull() && !bodyNode.isTextual()) {
            return null; // API Gateway: "Malformed Lambda proxy response", the body must be a string
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.path("headers")
                .fields()
                .forEachRemaining(
                        h -> headers.add(Map.entry(h.getKey(), h.getValue().asText())));
        if (payload == ApiRoutes.Payload.V1) {
            response.path("multiValueHeaders").fields().forEachRemaining(h -> {
                headers.removeIf(e -> e.getKey().equalsIgnoreCase(h.getKey()));
                h.getValue().forEach(v -> headers.add(Map.entry(h.getKey(), v.asText())));
            });
        } else {
            response.path("cookies").forEach(c -> headers.add(Map.entry("Set-Cookie", c.asText())));
        }
        if (payload == ApiRoutes.Payload.V2
                && headers.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Content-Type"))) {
            headers.add(Map.entry("Content-Type", "application/json"));
        }
        String body = bodyNode.isTextual() ? bodyNode.asText() : "";
        boolean base64 = response.path("isBase64Encoded")
                .asBoolean(response.path("base64Encoded").asBoolean(false));
        try {
            byte[] bytes = base64 ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
            return new Response(response.path("statusCode").asInt(200), headers, bytes);
        } catch (IllegalArgumentException e) {
            return null; // isBase64Encoded with a body that is not base64
        }
    }

    /** Query parameters in order, decoded; repeated keys keep every value. */
    static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            parameters.computeIfAbsent(decode(kv[0]), k -> new ArrayList<>()).add(kv.length > 1 ? decode(kv[1]) : "");
        }
        return parameters;
    }

    /**
     * A body as API Gateway passes it. An HTTP API decides by the request's {@code Content-Type}: text types
     * ({@code text/*}, JSON, XML, JavaScript) as they are, everything else (forms, binaries, no type) base64-encoded. A
     * REST API without binary media types passes text as is; what is not UTF-8 text is base64-encoded here rather
     * than mangled.
     */
    private static void body(ObjectNode event, Request request, boolean v2, boolean http) {
        if (request.body().length == 0) {
            if (!v2) {
                event.putNull("body"); // 2.0 leaves it out
            }
            event.put("isBase64Encoded", false);
            return;
        }
        Optional<String> text = utf8(request.body());
        boolean textual = text.isPresent() && (!http || isTextType(contentType(request)));
        event.put("body", textual ? text.get() : Base64.getEncoder().encodeToString(request.body()));
        event.put("isBase64Encoded", !textual);
    }

    /** Whether an HTTP API passes a body of this media type as text. */
    static boolean isTextType(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.endsWith("+json")
                || type.equals("application/xml")
                || type.endsWith("+xml")
                || type.equals("application/javascript");
    }

    private static String contentType(Request request) {
        return request.headers().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("Content-Type")
                        && !h.getValue().isEmpty())
                .map(h -> h.getValue().get(0))
                .findFirst()
                .orElse("");
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** A path segment: percent-decoded, a '+' stays a '+'. */
    private static String decodePath(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A query key or value: form-decoded, a '+' is a space. */
    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
