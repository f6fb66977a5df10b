package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.lambda.api.ApiRoutes;
import dev.cloudtest.core.internal.template.Template;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What running a template's Java functions locally means, read from the template alone (no call to any target): which
 * functions are Java functions, which {@code cloudtest.local-functions} selects, which HTTP API resources the local API
 * stands in for, and what Lambda would refuse about them ({@link #check}). The runtime is {@link StackFunctions}.
 */
public final class FunctionPlan {
    private static final String FUNCTION = "AWS::Lambda::Function";
    static final String MAPPING = "AWS::Lambda::EventSourceMapping";
    /** An SQS queue's ARN in any partition. */
    static final java.util.regex.Pattern SQS_ARN = java.util.regex.Pattern.compile("arn:aws[a-z-]*:sqs:");

    private FunctionPlan() {}

    /** The logical ids of the template's Java functions. */
    public static List<String> javaFunctionIds(Template template) {
        return template.resources().values().stream()
                .filter(FunctionPlan::isJavaFunction)
                .map(Template.Resource::logicalId)
                .toList();
    }

    /** Which Java functions {@code cloudtest.local-functions} selects on a target of this kind, when any run locally. */
    static Predicate<String> selection(CloudTestConfig config, boolean emulated) {
        Optional<List<String>> ids = config.localFunctionIds(emulated);
        return logicalId -> ids.map(list -> list.contains(logicalId)).orElse(true);
    }

    /** Which Java functions run locally on a target of this kind: those {@code cloudtest.local-functions} selects. */
    public static Predicate<String> localSelection(CloudTestConfig config, boolean emulated) {
        return config.localFunctions(emulated) ? selection(config, emulated) : logicalId -> false;
    }

    /**
     * Checks, before anything is created, what running the template's selected functions locally would refuse later:
     * a function without {@code Handler}, an SQS mapping's batching that Lambda rejects, an HTTP API integration
     * without a valid {@code PayloadFormatVersion} or a malformed route key. Values given through intrinsic functions
     * other than a parameter {@code Ref} are checked once resolved, when the functions start.
     *
     * @param parameters the stack's parameter values, with the template's defaults
     * @throws ConfigurationException naming the resource, the value and what to set
     */
    public static void check(Template template, Map<String, String> parameters, Predicate<String> selected) {
        List<Template.Resource> functions = template.resources().values().stream()
                .filter(FunctionPlan::isJavaFunction)
                .filter(r -> selected.test(r.logicalId()))
                .toList();
        for (Template.Resource function : functions) {
            if (function.properties().path("Handler").asText("").isBlank()) {
                throw noHandler(template, function.logicalId());
            }
        }
        for (Template.Resource resource : template.resources().values()) {
            JsonNode properties = resource.properties();
            if (resource.type().equals(MAPPING)
                    && isSqsSource(template, properties.path("EventSourceArn"), parameters)
                    && functions.stream()
                            .anyMatch(f -> Template.references(properties.path("FunctionName"), f.logicalId()))) {
                checkBatching(template, resource, parameters);
            }
            if (resource.type().equals(MAPPING)
                    && EventSourceMappings.isStream(template, resource)
                    && functions.stream()
                            .anyMatch(f -> Template.references(properties.path("FunctionName"), f.logicalId()))) {
                checkStartingPosition(template, resource, parameters);
            }
            boolean ofHttpApi = (resource.type().equals("AWS::ApiGatewayV2::Integration")
                            || resource.type().equals("AWS::ApiGatewayV2::Route"))
                    && template.resources().values().stream()
                            .filter(r -> r.type().equals("AWS::ApiGatewayV2::Api") && ApiRoutes.isHttpApi(r))
                            .anyMatch(r -> Template.references(properties.path("ApiId"), r.logicalId()));
            if (resource.type().equals("AWS::ApiGatewayV2::Integration")
                    && ofHttpApi
                    && ApiRoutes.isLambdaProxy(properties)
                    && functions.stream()
                            .anyMatch(f -> Template.references(properties.path("IntegrationUri"), f.logicalId()))) {
                Optional<String> version = literal(properties.path("PayloadFormatVersion"), parameters);
                if (properties.path("PayloadFormatVersion").isMissingNode()
                        || version.filter(v -> !v.equals("1.0") && !v.equals("2.0"))
                                .isPresent()) {
                    throw ApiRoutes.badPayloadVersion(template, resource.logicalId(), version.orElse(""));
                }
            }
            if (resource.type().equals("AWS::ApiGatewayV2::Route") && ofHttpApi) {
                literal(properties.path("RouteKey"), parameters)
                        .ifPresent(key -> ApiRoutes.checkRouteKey(key, resource.logicalId()));
            }
            if (resource.type().equals("AWS::ApiGatewayV2::Api")
                    && ApiRoutes.isHttpApi(resource)
                    && properties.has("Target")) {
                literal(properties.path("RouteKey"), parameters)
                        .ifPresent(key -> ApiRoutes.checkRouteKey(key, resource.logicalId()));
            }
        }
    }

    /** What Lambda refuses about a stream mapping's starting position. */
    private static void checkStartingPosition(
            Template template, Template.Resource mapping, Map<String, String> parameters) {
        JsonNode value = mapping.properties().path("StartingPosition");
        Optional<String> position = literal(value, parameters);
        boolean kinesis = mapping.properties().path("EventSourceArn").toString().contains(":kinesis:")
                || template.resources().values().stream()
                        .filter(r -> r.type().equals("AWS::Kinesis::Stream"))
                        .anyMatch(r -> Template.references(mapping.properties().path("EventSourceArn"), r.logicalId()));
        String allowed = kinesis ? "TRIM_HORIZON, LATEST or AT_TIMESTAMP" : "TRIM_HORIZON or LATEST";
        if (value.isMissingNode()
                || position.filter(p -> !allowed.contains(p) || p.equals("OR")).isPresent()) {
            throw new ConfigurationException("Template " + template.origin() + ": event source mapping "
                    + mapping.logicalId() + " reads a stream, and Lambda requires its StartingPosition to be "
                    + allowed + (value.isMissingNode() ? "; it has none." : ", not '" + position.get() + "'.")
                    + " Nothing was created.");
        }
    }

    /** Lambda's batching rules, when both values can be told before the stack exists (else at start). */
    private static void checkBatching(Template template, Template.Resource mapping, Map<String, String> parameters) {
        ObjectNode known = JsonNodeFactory.instance.objectNode();
        for (String name : List.of("BatchSize", "MaximumBatchingWindowInSeconds")) {
            JsonNode value = mapping.properties().path(name);
            Optional<String> literal = literal(value, parameters);
            if (!value.isMissingNode() && literal.isEmpty()) {
                return; // e.g. !If or !FindInMap: checked once resolved
            }
            literal.ifPresent(v -> known.put(name, v));
        }
        SqsEventSourcePoller.Batching.of(
                "Template " + template.origin() + ": event source mapping " + mapping.logicalId(),
                known,
                fifoSource(template, mapping.properties().path("EventSourceArn"), parameters));
    }

    private static boolean isSqsSource(Template template, JsonNode source, Map<String, String> parameters) {
        Optional<String> arn = literal(source, parameters);
        if (arn.isPresent()) {
            return SQS_ARN.matcher(arn.get()).lookingAt();
        }
        return template.resources().values().stream()
                .filter(r -> r.type().equals("AWS::SQS::Queue"))
                .anyMatch(r -> Template.references(source, r.logicalId()));
    }

    /** The HTTP API resources that cloudtest's local API stands in for. */
    private static final Set<String> SERVED_HTTP_API_TYPES = Set.of(
            "AWS::ApiGatewayV2::Api",
            "AWS::ApiGatewayV2::Route",
            "AWS::ApiGatewayV2::Integration",
            "AWS::ApiGatewayV2::Stage",
            "AWS::ApiGatewayV2::Deployment",
            "AWS::ApiGatewayV2::Authorizer",
            "AWS::ApiGatewayV2::ApiGatewayManagedOverrides",
            "AWS::ApiGatewayV2::RouteResponse",
            "AWS::ApiGatewayV2::IntegrationResponse");

    /**
     * The logical ids of the HTTP API resources that the local API serves when these functions run locally: each
     * HTTP API with a Lambda proxy route (or a quick-create {@code Target}) to one of them, with its routes,
     * integrations, stages and authorizers. Custom domains, VPC links, WebSocket APIs and APIs defined only by an
     * OpenAPI {@code Body} are not among them.
     */
    public static Set<String> servedHttpApiResources(Template template, Predicate<String> selected) {
        List<String> functions = template.resources().values().stream()
                .filter(FunctionPlan::isJavaFunction)
                .map(Template.Resource::logicalId)
                .filter(selected)
                .toList();
        Set<String> served = new LinkedHashSet<>();
        Map<String, Template.Resource> resources = template.resources();
        for (Template.Resource api : resources.values()) {
            if (!api.type().equals("AWS::ApiGatewayV2::Api") || !ApiRoutes.isHttpApi(api)) {
                continue;
            }
            List<Template.Resource> parts = resources.values().stream()
                    .filter(r -> SERVED_HTTP_API_TYPES.contains(r.type()))
                    .filter(r -> Template.references(r.properties().path("ApiId"), api.logicalId()))
                    .toList();
            boolean quickCreate = functions.stream()
                    .anyMatch(f -> Template.references(api.properties().path("Target"), f));
            boolean routed = parts.stream()
                    .filter(r -> r.type().equals("AWS::ApiGatewayV2::Route"))
                    .anyMatch(route -> parts.stream()
                            .filter(i -> i.type().equals("AWS::ApiGatewayV2::Integration"))
                            .filter(i -> ApiRoutes.isLambdaProxy(i.properties()))
                            .filter(i -> Template.references(route.properties().path("Target"), i.logicalId()))
                            .anyMatch(i -> functions.stream()
                                    .anyMatch(f ->
                                            Template.references(i.properties().path("IntegrationUri"), f))));
            // SAM's HttpApi events: the routes are an OpenAPI Body whose integrations name the functions
            boolean bodyRouted = api.properties().has("Body")
                    && functions.stream()
                            .anyMatch(f -> Template.references(api.properties().path("Body"), f));
            if (quickCreate || routed || bodyRouted) {
                served.add(api.logicalId());
                parts.forEach(r -> served.add(r.logicalId()));
            }
        }
        return served;
    }

    /** A literal value, or a parameter's; empty when it takes another intrinsic function to tell. */
    private static Optional<String> literal(JsonNode value, Map<String, String> parameters) {
        if (value.isValueNode() && !value.isNull()) {
            return Optional.of(value.asText());
        }
        return Optional.ofNullable(parameters.get(value.path("Ref").asText("")));
    }

    private static boolean fifoSource(Template template, JsonNode source, Map<String, String> parameters) {
        Optional<String> arn = literal(source, parameters);
        if (arn.isPresent()) {
            return arn.get().endsWith(".fifo");
        }
        return template.resources().values().stream()
                .filter(r -> r.type().equals("AWS::SQS::Queue"))
                .filter(r -> Template.references(source, r.logicalId()))
                .anyMatch(r -> r.properties().path("FifoQueue").asText("false").equals("true"));
    }

    static ConfigurationException noHandler(Template template, String logicalId) {
        return new ConfigurationException("Template " + template.origin() + ": function " + logicalId
                + " has no Handler. Set Handler to package.Class::method.");
    }

    /** Whether the template declares a Java function cloudtest can run locally. */
    public static boolean declaresJavaFunctions(Template template) {
        return template.resources().values().stream().anyMatch(FunctionPlan::isJavaFunction);
    }

    /** Whether this resource is a Java function cloudtest can run locally. */
    static boolean isJavaFunction(Template.Resource resource) {
        return resource.type().equals(FUNCTION)
                && resource.properties().path("Runtime").asText("").startsWith("java");
    }
}
