package dev.cloudtest.core.internal.lambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The Lambda proxy routes of a template's APIs, read from its resources: REST APIs ({@code AWS::ApiGateway::Method}
 * with an {@code AWS_PROXY} integration, payload format 1.0) and HTTP APIs ({@code AWS::ApiGatewayV2::Route} to an
 * {@code AWS_PROXY} integration with payload format 1.0 or 2.0, and the quick-create form: an
 * {@code AWS::ApiGatewayV2::Api} with a {@code Target}).
 */
public final class ApiRoutes {
    private static final Logger LOG = Loggers.get(ApiRoutes.class);
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}+]+)(\\+?)}");

    /** How API Gateway talks to the function: the event it sends and how it reads the result. */
    enum Payload {
        /** REST APIs, and HTTP API integrations with {@code PayloadFormatVersion: '1.0'}. */
        V1,
        /** HTTP API integrations with {@code PayloadFormatVersion: '2.0'}. */
        V2
    }

    /**
     * One route: {@code method} is {@code ANY} for every method, {@code path} is null for HTTP API's
     * {@code $default} route; {@code function} is empty when the target function does not run locally.
     */
    record Route(
            String method,
            String path,
            String routeKey,
            Pattern pattern,
            List<String> names,
            Payload payload,
            Optional<LocalFunction> function,
            String target) {

        /** The path parameters of a matching path, or empty when the path does not match. */
        Optional<Map<String, String>> match(String method, String requestPath) {
            if (!this.method.equals("ANY") && !this.method.equals(method)) {
                return Optional.empty();
            }
            if (path == null) {
                return Optional.of(Map.of());
            }
            Matcher matcher = pattern.matcher(requestPath);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                parameters.put(names.get(i), matcher.group(i + 1));
            }
            return Optional.of(parameters);
        }

        /**
         * API Gateway's precedence, segment by segment from the left: a literal segment before a variable, a variable
         * before a greedy one; on a tie the longer path, then a method before {@code ANY}; {@code $default} last.
         */
        static final Comparator<Route> PRECEDENCE = (x, y) -> {
            if (x.path() == null || y.path() == null) {
                return Boolean.compare(x.path() == null, y.path() == null);
            }
            String[] a = x.path().split("/");
            String[] b = y.path().split("/");
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                int c = Integer.compare(rank(a[i]), rank(b[i]));
                if (c != 0) {
                    return c;
                }
            }
            int c = Integer.compare(b.length, a.length);
            return c != 0
                    ? c
                    : Boolean.compare(x.method().equals("ANY"), y.method().equals("ANY"));
        };

        private static int rank(String segment) {
            if (!segment.startsWith("{")) {
                return 0;
            }
            return segment.endsWith("+}") ? 2 : 1;
        }
    }

    /**
     * An API: its deployed id (the host prefix of its URLs), its named stages (path prefixes), whether it also answers
     * without one (an HTTP API's {@code $default} stage, or an API that declares no stage), its routes in precedence
     * order.
     */
    public record Api(
            String logicalId,
            String apiId,
            boolean http,
            Set<String> stages,
            boolean servesRoot,
            List<Route> routes,
            boolean functionUrl,
            boolean iamAuth) {}

    /**
     * A function URL ({@code AWS::Lambda::Url}) of a local function, served like an HTTP API with one {@code $default}
     * route (payload 2.0, as function URLs deliver); empty when the function does not run locally.
     *
     * @param urlId the first label of the URL's host ({@code <url id>.lambda-url.<region>.on.aws})
     * @param functionArn the function the URL invokes
     * @param iamAuth whether its {@code AuthType} is {@code AWS_IAM}: unsigned requests are refused
     */
    public static Optional<Api> functionUrl(
            String logicalId,
            String urlId,
            String functionArn,
            boolean iamAuth,
            Map<String, ? extends LocalFunction> functions) {
        Route route = route("ANY", null, "$default", Payload.V2, functionArn, functions);
        if (route.function().isEmpty()) {
            LOG.warn(
                    "cloudtest: function URL {} leads to {}, which does not run locally; it is not served",
                    logicalId,
                    functionArn);
            return Optional.empty();
        }
        return Optional.of(new Api(logicalId, urlId, true, Set.of(), true, List.of(route), true, iamAuth));
    }

    private ApiRoutes() {}

    /**
     * The template's APIs that route to at least one of the local functions.
     *
     * @param apiIds the id of each API by logical id (the deployed one, or the one cloudtest gave an API that the
     *     target cannot create)
     */
    public static List<Api> read(
            Template template,
            IntrinsicResolver resolver,
            Map<String, String> apiIds,
            Map<String, ? extends LocalFunction> functions) {
        List<Api> apis = new ArrayList<>();
        for (Template.Resource resource : template.resources().values()) {
            String id = apiIds.get(resource.logicalId());
            if (id == null) {
                continue;
            }
            List<Route> routes =
                    switch (resource.type()) {
                        case "AWS::ApiGateway::RestApi" ->
                            restRoutes(template, resolver, resource.logicalId(), functions);
                        case "AWS::ApiGatewayV2::Api" ->
                            isHttpApi(resource) ? httpRoutes(template, resolver, resource, functions) : List.of();
                        default -> List.of();
                    };
            if (routes.stream().noneMatch(r -> r.function().isPresent())) {
                continue;
            }
            routes.stream()
                    .filter(r -> r.function().isEmpty())
                    .forEach(r -> LOG.warn(
                            "cloudtest: route {} of {} leads to {}, which does not run locally; the deployed function "
                                    + "answers it where it can run (on AWS), else API Gateway's 500/502",
                            r.routeKey(),
                            resource.logicalId(),
                            r.target()));
            List<Route> ordered = new ArrayList<>(routes);
            ordered.sort(Route.PRECEDENCE);
            Set<String> stages = stages(template, resolver, resource.logicalId());
            boolean defaultStage = stages.remove("$default"); // no path prefix
            boolean http = resource.type().equals("AWS::ApiGatewayV2::Api");
            boolean servesRoot =
                    stages.isEmpty() || (http && (resource.properties().has("Target") || defaultStage));
            apis.add(new Api(resource.logicalId(), id, http, stages, servesRoot, List.copyOf(ordered), false, false));
        }
        return apis;
    }

    private static List<Route> restRoutes(
            Template template,
            IntrinsicResolver resolver,
            String apiLogicalId,
            Map<String, ? extends LocalFunction> functions) {
        List<Route> routes = new ArrayList<>(BodyRoutes.of(template, resolver, apiLogicalId, functions));
        for (Template.Resource resource : template.resources().values()) {
            JsonNode properties = resource.properties();
            if (!resource.type().equals("AWS::ApiGateway::Method")
                    || !Template.references(properties.path("RestApiId"), apiLogicalId)) {
                continue;
            }
            if (!properties.path("Integration").path("Type").asText("").equals("AWS_PROXY")) {
                LOG.warn(
                        "cloudtest: method {} of {} integrates {}, not a Lambda proxy; the local API answers it 403",
                        resource.logicalId(),
                        apiLogicalId,
                        properties.path("Integration").path("Type").asText("nothing"));
                continue;
            }
            String uri =
                    resolver.resolve(properties.path("Integration").path("Uri")).asText("");
            String path = restPath(properties.path("ResourceId"), template.resources());
            String method = properties.path("HttpMethod").asText("ANY").toUpperCase(Locale.ROOT);
            warnIfAuthorized(properties, apiLogicalId, method + " " + path);
            routes.add(route(method, path, method + " " + path, Payload.V1, uri, functions));
        }
        return routes;
    }

    private static List<Route> httpRoutes(
            Template template,
            IntrinsicResolver resolver,
            Template.Resource api,
            Map<String, ? extends LocalFunction> functions) {
        List<Route> routes = new ArrayList<>(BodyRoutes.ofHttpApi(template, resolver, api.logicalId(), functions));
        JsonNode quickTarget = api.properties().path("Target");
        if (!quickTarget.isMissingNode()) {
            String uri = resolver.resolve(quickTarget).asText("");
            String routeKey = api.properties().path("RouteKey").asText("$default");
            routes.add(httpRoute(routeKey, Payload.V2, uri, functions, api.logicalId()));
        }
        Map<String, Template.Resource> integrations = new LinkedHashMap<>();
        for (Template.Resource resource : template.resources().values()) {
            if (resource.type().equals("AWS::ApiGatewayV2::Integration")
                    && Template.references(resource.properties().path("ApiId"), api.logicalId())) {
                integrations.put(resource.logicalId(), resource);
            }
        }
        for (Template.Resource resource : template.resources().values()) {
            JsonNode properties = resource.properties();
            if (!resource.type().equals("AWS::ApiGatewayV2::Route")
                    || !Template.references(properties.path("ApiId"), api.logicalId())) {
                continue;
            }
            String routeKey = properties.path("RouteKey").asText("");
            warnIfAuthorized(properties, api.logicalId(), routeKey);
            Optional<Template.Resource> integration = integrations.values().stream()
                    .filter(i -> targets(properties.path("Target"), i.logicalId(), resolver))
                    .findFirst();
            if (integration.isEmpty()) {
                LOG.warn(
                        "cloudtest: route {} ({}) of {} has no Lambda proxy integration cloudtest can follow; not served",
                        routeKey,
                        resource.logicalId(),
                        api.logicalId());
                continue;
            }
            JsonNode integrationProperties = integration.get().properties();
            if (!isLambdaProxy(integrationProperties)) {
                LOG.warn(
                        "cloudtest: route {} of {} integrates {} ({}), not a Lambda proxy; the local API answers it 404",
                        routeKey,
                        api.logicalId(),
                        integration.get().logicalId(),
                        integrationProperties.path("IntegrationType").asText("?")
                                + integrationProperties
                                        .path("IntegrationSubtype")
                                        .asText(""));
                continue;
            }
            String version = resolver.resolve(integrationProperties.path("PayloadFormatVersion"))
                    .asText("");
            Payload payload =
                    switch (version) {
                        case "1.0" -> Payload.V1;
                        case "2.0" -> Payload.V2;
                        default ->
                            throw badPayloadVersion(template, integration.get().logicalId(), version);
                    };
            String uri = resolver.resolve(integrationProperties.path("IntegrationUri"))
                    .asText("");
            routes.add(httpRoute(routeKey, payload, uri, functions, resource.logicalId()));
        }
        return routes;
    }

    private static void warnIfAuthorized(JsonNode properties, String api, String routeKey) {
        String authorization = properties.path("AuthorizationType").asText("NONE");
        if (!authorization.equals("NONE")) {
            LOG.warn(
                    "cloudtest: route {} of {} has AuthorizationType {}; the local API does not authorize requests",
                    routeKey,
                    api,
                    authorization);
        }
    }

    private static Route httpRoute(
            String routeKey,
            Payload payload,
            String uri,
            Map<String, ? extends LocalFunction> functions,
            String logicalId) {
        if (routeKey.equals("$default")) {
            return route("ANY", null, routeKey, payload, uri, functions);
        }
        checkRouteKey(routeKey, logicalId);
        String[] parts = routeKey.trim().split("\\s+", 2);
        return route(parts[0].toUpperCase(Locale.ROOT), parts[1], routeKey, payload, uri, functions);
    }

    public static ConfigurationException badPayloadVersion(Template template, String integration, String version) {
        return new ConfigurationException("Template " + template.origin() + ": integration " + integration
                + (version.isEmpty() ? " has no PayloadFormatVersion" : " has PayloadFormatVersion '" + version + "'")
                + "; a Lambda proxy integration of an HTTP API needs '1.0' or '2.0' (API Gateway rejects it too).");
    }

    /** An HTTP API route key is {@code $default} or {@code <METHOD> /<path>}. */
    public static void checkRouteKey(String routeKey, String logicalId) {
        if (routeKey.equals("$default")) {
            return;
        }
        String[] parts = routeKey.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new ConfigurationException("Route " + logicalId + " has RouteKey '" + routeKey
                    + "'; an HTTP API route key is '$default' or '<METHOD> /<path>', e.g. 'GET /orders/{id}'.");
        }
    }

    /** An HTTP API integration that invokes a Lambda function ({@code AWS_PROXY} without a service subtype). */
    public static boolean isLambdaProxy(JsonNode integration) {
        return integration.path("IntegrationType").asText("").equals("AWS_PROXY")
                && !integration.has("IntegrationSubtype");
    }

    /** Whether an {@code AWS::ApiGatewayV2::Api} is an HTTP API (the other protocol is WebSocket). */
    public static boolean isHttpApi(Template.Resource api) {
        return api.properties().path("ProtocolType").asText("HTTP").equals("HTTP");
    }

    static Route route(
            String method,
            String path,
            String routeKey,
            Payload payload,
            String uri,
            Map<String, ? extends LocalFunction> functions) {
        Optional<LocalFunction> function = functions.values().stream()
                .filter(f -> invokes(uri, f.functionName()))
                .map(LocalFunction.class::cast)
                .findFirst();
        if (path == null) {
            return new Route(method, null, routeKey, null, List.of(), payload, function, uri);
        }
        List<String> names = new ArrayList<>();
        Matcher variables = VARIABLE.matcher(path);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (variables.find()) {
            regex.append(Pattern.quote(path.substring(last, variables.start())));
            regex.append(variables.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.add(variables.group(1));
            last = variables.end();
        }
        regex.append(Pattern.quote(path.substring(last)));
        return new Route(method, path, routeKey, Pattern.compile(regex.toString()), names, payload, function, uri);
    }

    /** Whether an integration URI (a function ARN, or API Gateway's invocation ARN around it) names the function. */
    static boolean invokes(String uri, String functionName) {
        String marker = ":function:" + functionName;
        int at = uri.indexOf(marker);
        if (at < 0) {
            return false;
        }
        int end = at + marker.length();
        return end == uri.length() || uri.charAt(end) == '/' || uri.charAt(end) == ':';
    }

    private static boolean targets(JsonNode target, String integrationLogicalId, IntrinsicResolver resolver) {
        // Target is 'integrations/<id>': !Sub 'integrations/${Integration}', a !Join with a Ref, or a literal id.
        if (Template.references(target, integrationLogicalId)) {
            return true;
        }
        Optional<String> id = resolver.ref(integrationLogicalId);
        JsonNode resolved = resolver.resolve(target);
        return id.isPresent() && resolved.isTextual() && resolved.asText().equals("integrations/" + id.get());
    }

    /** The names of the API's stages, {@code $default} included. */
    private static Set<String> stages(Template template, IntrinsicResolver resolver, String apiLogicalId) {
        Set<String> stages = new LinkedHashSet<>();
        for (Template.Resource resource : template.resources().values()) {
            boolean stage =
                    switch (resource.type()) {
                        case "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage" ->
                            Template.references(resource.properties().path("RestApiId"), apiLogicalId);
                        case "AWS::ApiGatewayV2::Stage" ->
                            Template.references(resource.properties().path("ApiId"), apiLogicalId);
                        default -> false;
                    };
            if (stage) {
                JsonNode name = resolver.resolve(resource.properties().path("StageName"));
                if (name != null && name.isTextual()) {
                    stages.add(name.asText());
                }
            }
        }
        return stages;
    }

    /** The resource path of a REST API {@code ResourceId}: {@code Ref} to a resource (recursively), or the root. */
    private static String restPath(JsonNode resourceId, Map<String, Template.Resource> resources) {
        String ref = resourceId.path("Ref").asText("");
        Template.Resource resource = resources.get(ref);
        if (resource == null || !resource.type().equals("AWS::ApiGateway::Resource")) {
            return "/"; // Fn::GetAtt Api.RootResourceId
        }
        String parent = restPath(resource.properties().path("ParentId"), resources);
        return (parent.endsWith("/") ? parent : parent + "/")
                + resource.properties().path("PathPart").asText();
    }
}
