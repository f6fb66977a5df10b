package dev.cloudtest.core.internal.lambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;

/** The routes of a REST API defined by an OpenAPI {@code Body}: its {@code x-amazon-apigateway-integration}s. */
final class BodyRoutes {
    private static final Logger LOG = Loggers.get(BodyRoutes.class);

    private BodyRoutes() {}

    /** The operations of a REST API's OpenAPI {@code Body} (SAM's APIs): each Lambda proxy integration a route. */
    static List<ApiRoutes.Route> of(
            Template template,
            IntrinsicResolver resolver,
            String apiLogicalId,
            Map<String, ? extends LocalFunction> functions) {
        return of(template, resolver, apiLogicalId, functions, false);
    }

    /**
     * The operations of an HTTP API's OpenAPI {@code Body} (SAM's HttpApi events): route keys {@code GET /orders/{id}}
     * or {@code $default}, the payload format each integration names (2.0 unless it says 1.0).
     */
    static List<ApiRoutes.Route> ofHttpApi(
            Template template,
            IntrinsicResolver resolver,
            String apiLogicalId,
            Map<String, ? extends LocalFunction> functions) {
        return of(template, resolver, apiLogicalId, functions, true);
    }

    private static List<ApiRoutes.Route> of(
            Template template,
            IntrinsicResolver resolver,
            String apiLogicalId,
            Map<String, ? extends LocalFunction> functions,
            boolean http) {
        Template.Resource api = template.resources().get(apiLogicalId);
        List<ApiRoutes.Route> routes = new ArrayList<>();
        if (api == null) {
            return routes;
        }
        api.properties().path("Body").path("paths").fields().forEachRemaining(path -> path.getValue()
                .fields()
                .forEachRemaining(operation -> {
                    String key = operation.getKey().toLowerCase(Locale.ROOT);
                    if (!HTTP_METHODS.contains(key) && !key.equals("x-amazon-apigateway-any-method")) {
                        return; // parameters, summary, ...
                    }
                    String method = key.startsWith("x-") ? "ANY" : key.toUpperCase(Locale.ROOT);
                    String routeKey = method + " " + path.getKey();
                    JsonNode integration = operation.getValue().path("x-amazon-apigateway-integration");
                    if (!integration.path("type").asText("").equalsIgnoreCase("aws_proxy")) {
                        LOG.warn(
                                "cloudtest: {} of {} integrates {}, not a Lambda proxy; the local API answers it 403",
                                routeKey,
                                apiLogicalId,
                                integration.path("type").asText("nothing"));
                        return;
                    }
                    if (operation.getValue().has("security")) {
                        LOG.warn(
                                "cloudtest: {} of {} has an authorizer, which the local API does not run: every "
                                        + "request reaches the function",
                                routeKey,
                                apiLogicalId);
                    }
                    String uri = resolver.resolve(integration.path("uri")).asText("");
                    if (!http) {
                        routes.add(
                                ApiRoutes.route(method, path.getKey(), routeKey, ApiRoutes.Payload.V1, uri, functions));
                        return;
                    }
                    ApiRoutes.Payload payload = "1.0"
                                    .equals(integration
                                            .path("payloadFormatVersion")
                                            .asText("2.0"))
                            ? ApiRoutes.Payload.V1
                            : ApiRoutes.Payload.V2;
                    if (path.getKey().equals("$default")) {
                        routes.add(ApiRoutes.route(method, null, "$default", payload, uri, functions));
                    } else {
                        routes.add(ApiRoutes.route(method, path.getKey(), routeKey, payload, uri, functions));
                    }
                }));
        return routes;
    }

    private static final java.util.Set<String> HTTP_METHODS =
            java.util.Set.of("get", "put", "post", "delete", "patch", "head", "options");
}
