package dev.cloudtest.core.internal.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.ConfigurationException;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local functions of one stack: a {@link FunctionProcess} per Java function of the template and a poller per SQS
 * event source mapping, whose deployed twin is disabled so that only the local one consumes the queue (moto's own
 * mapping would otherwise receive each message once, fail to run the code, and count towards the dead-letter queue).
 */
public final class StackFunctions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StackFunctions.class);
    private static final String FUNCTION = "AWS::Lambda::Function";
    private static final String MAPPING = "AWS::Lambda::EventSourceMapping";
    /** An SQS queue's ARN in any partition. */
    private static final java.util.regex.Pattern SQS_ARN = java.util.regex.Pattern.compile("arn:aws[a-z-]*:sqs:");
    /**
     * The prefix of API Gateway v2 resource types (HTTP and WebSocket APIs); cloudtest serves the HTTP APIs among them
     * whose routes lead to local functions ({@link #servedHttpApiResources}).
     */
    public static final String HTTP_API_TYPES = "AWS::ApiGatewayV2::";

    private final Map<String, FunctionProcess> functions;
    private final List<SqsEventSourcePoller> pollers;
    private final List<LocalApi> apis = new ArrayList<>();
    /** Outputs the target could not give (they name an API it cannot create), resolved locally. */
    private final Map<String, String> localOutputs = new LinkedHashMap<>();

    private final InvocationLog invocationLog;

    private StackFunctions(
            Map<String, FunctionProcess> functions, List<SqsEventSourcePoller> pollers, InvocationLog invocationLog) {
        this.functions = functions;
        this.pollers = pollers;
        this.invocationLog = invocationLog;
    }

    /** The logical ids of the template's Java functions. */
    public static List<String> javaFunctionIds(Template template) {
        return template.resources().values().stream()
                .filter(StackFunctions::isJavaFunction)
                .map(Template.Resource::logicalId)
                .toList();
    }

    /** Which Java functions {@code cloudtest.local-functions} selects on a target of this kind, when any run locally. */
    private static Predicate<String> selection(CloudTestConfig config, boolean emulated) {
        Optional<List<String>> ids = config.localFunctionIds(emulated);
        return logicalId -> ids.map(list -> list.contains(logicalId)).orElse(true);
    }

    /** Which Java functions run locally on a target of this kind: those {@code cloudtest.local-functions} selects. */
    public static Predicate<String> localSelection(CloudTestConfig config, boolean emulated) {
        return config.localFunctions(emulated) ? selection(config, emulated) : logicalId -> false;
    }

    /**
     * {@link #check} for a run's configuration: nothing when local functions are off on this target.
     *
     * @param givenParameters the stack's parameter values as given (defaults are taken from the template)
     */
    public static void check(
            Template template, Map<String, String> givenParameters, CloudTestConfig config, boolean emulated) {
        if (config.localFunctions(emulated)) {
            check(template, withDefaults(template, givenParameters), selection(config, emulated));
        }
    }

    private static Map<String, String> withDefaults(Template template, Map<String, String> givenParameters) {
        Map<String, String> parameters = new LinkedHashMap<>();
        template.parameters().values().forEach(p -> p.defaultValue().ifPresent(v -> parameters.put(p.name(), v)));
        parameters.putAll(givenParameters);
        return parameters;
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
                .filter(StackFunctions::isJavaFunction)
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
                .filter(StackFunctions::isJavaFunction)
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
            if (quickCreate || routed) {
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

    private static ConfigurationException noHandler(Template template, String logicalId) {
        return new ConfigurationException("Template " + template.origin() + ": function " + logicalId
                + " has no Handler. Set Handler to package.Class::method.");
    }

    /** Whether the template declares a Java function cloudtest can run locally. */
    public static boolean declaresJavaFunctions(Template template) {
        return template.resources().values().stream().anyMatch(StackFunctions::isJavaFunction);
    }

    /**
     * Starts the stack's selected Java functions (in parallel) and the pollers of their SQS event sources.
     *
     * @param givenParameters the stack's parameter values as given (defaults are taken from the template)
     * @param baseDirectory what relative local paths in the template ({@code Code}) are relative to
     * @param logDirectory where the functions' JVM output (outside invocations) goes
     * @param extraClasspath entries before the JVM's own classpath ({@code cloudtest.local-functions.classpath})
     * @param selected which functions, by logical id, run locally ({@code cloudtest.local-functions})
     * @param debugPorts JDWP ports by logical id for functions a developer debugs ({@code cloudtest.debug})
     */
    public static StackFunctions start(
            Stack stack,
            Template template,
            Map<String, String> givenParameters,
            Path baseDirectory,
            CloudSession session,
            Path logDirectory,
            List<Path> extraClasspath,
            java.util.function.Predicate<String> selected,
            Map<String, Integer> debugPorts) {
        Map<String, String> parameters = withDefaults(template, givenParameters);
        IntrinsicResolver resolver = resolver(stack, parameters, stack.physicalIds(), stack.resourceTypes(), session);
        Map<String, String> physicalIds = new LinkedHashMap<>(stack.physicalIds());
        Map<String, String> resourceTypes = new LinkedHashMap<>(stack.resourceTypes());
        Set<String> servedLocally = new LinkedHashSet<>();
        for (Template.Resource resource : template.resources().values()) {
            String logicalId = resource.logicalId();
            if (physicalIds.containsKey(logicalId)) {
                continue;
            }
            if (resource.type().equals("AWS::Events::EventBus")) {
                // moto reports no physical id for an event bus: its name, from the template, is what a Ref gives.
                JsonNode name = resolver.resolve(resource.properties().path("Name"));
                if (name != null && name.isTextual()) {
                    physicalIds.put(logicalId, name.asText());
                }
            } else if (resource.type().startsWith(HTTP_API_TYPES) && !resource.conditional()) {
                // A target that cannot create HTTP APIs (moto): cloudtest serves them, under ids of its own.
                JsonNode stageName = resolver.resolve(resource.properties().path("StageName"));
                physicalIds.put(
                        logicalId,
                        resource.type().equals("AWS::ApiGatewayV2::Stage") && stageName.isTextual()
                                ? stageName.asText()
                                : localId(stack.stackId(), logicalId));
                resourceTypes.put(logicalId, resource.type());
                servedLocally.add(logicalId);
            }
        }
        resolver = resolver(stack, parameters, physicalIds, resourceTypes, session);
        boolean emulated = session.endpoint().isPresent();
        Map<String, FunctionProcess> functions = new LinkedHashMap<>();
        InvocationLog invocationLog = new InvocationLog(
                session.client(software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.class));
        for (Template.Resource resource : template.resources().values()) {
            if (isJavaFunction(resource)
                    && selected.test(resource.logicalId())
                    && stack.physicalIds().containsKey(resource.logicalId())) {
                FunctionDefinition definition =
                        define(resource, stack, resolver, session, template, baseDirectory, extraClasspath);
                Integer debugPort = debugPorts.get(resource.logicalId());
                functions.put(
                        resource.logicalId(),
                        new FunctionProcess(
                                definition,
                                logDirectory,
                                emulated,
                                debugPort == null
                                        ? java.util.OptionalInt.empty()
                                        : java.util.OptionalInt.of(debugPort)));
                functions.get(resource.logicalId()).logInvocationsTo(invocationLog);
            }
        }
        StackFunctions started = new StackFunctions(functions, new ArrayList<>(), invocationLog);
        try {
            CompletableFuture.allOf(functions.values().stream()
                            .map(f -> CompletableFuture.runAsync(f::start))
                            .toArray(CompletableFuture[]::new))
                    .join();
            for (Template.Resource resource : template.resources().values()) {
                if (resource.type().equals(MAPPING)) {
                    started.startMapping(resource, template, stack, resolver, session);
                }
            }
            Map<String, String> apiIds = new LinkedHashMap<>();
            for (Template.Resource resource : template.resources().values()) {
                if ((resource.type().equals("AWS::ApiGateway::RestApi")
                                || resource.type().equals("AWS::ApiGatewayV2::Api"))
                        && physicalIds.containsKey(resource.logicalId())) {
                    apiIds.put(resource.logicalId(), physicalIds.get(resource.logicalId()));
                }
            }
            // On AWS the functions that do not run locally are deployed and can answer their routes themselves.
            Optional<DeployedFunctions> deployed = emulated
                    ? Optional.empty()
                    : Optional.of(new DeployedFunctions(session.client(LambdaClient.class)));
            for (ApiRoutes.Api api : ApiRoutes.read(template, resolver, apiIds, functions)) {
                started.apis.add(LocalApi.start(api, session.accountId(), deployed));
            }
            started.localOutputs.putAll(localOutputs(template, resolver, servedLocally));
        } catch (RuntimeException e) {
            started.close();
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return started;
    }

    private static IntrinsicResolver resolver(
            Stack stack,
            Map<String, String> parameters,
            Map<String, String> physicalIds,
            Map<String, String> resourceTypes,
            CloudSession session) {
        return new IntrinsicResolver(
                parameters,
                physicalIds,
                resourceTypes,
                session.region(),
                session.accountId(),
                stack.name(),
                stack.stackId());
    }

    /** The local function of a logical id. */
    public Optional<LocalFunction> function(String logicalId) {
        return Optional.ofNullable(functions.get(logicalId));
    }

    /**
     * The stack's outputs with every deployed API URL ({@code https://<id>.execute-api...}) pointed at the local API
     * that serves the functions' routes, and the outputs that name an API the target could not create (an HTTP API
     * on moto) resolved against the local one; unchanged when there is none.
     */
    public Map<String, String> outputs(Map<String, String> deployed) {
        if (apis.isEmpty() && localOutputs.isEmpty()) {
            return deployed;
        }
        Map<String, String> outputs = new LinkedHashMap<>(deployed);
        localOutputs.forEach(outputs::putIfAbsent);
        outputs.replaceAll((key, value) -> apis.stream()
                .map(api -> api.localUrl(value))
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(value));
        return outputs;
    }

    /** Outputs whose value names a resource that cloudtest serves locally, resolved where they can be. */
    private static Map<String, String> localOutputs(
            Template template, IntrinsicResolver resolver, Set<String> servedLocally) {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (servedLocally.isEmpty()) {
            return outputs;
        }
        template.json().path("Outputs").fields().forEachRemaining(output -> {
            JsonNode value = output.getValue().path("Value");
            if (!output.getValue().has("Condition")
                    && servedLocally.stream().anyMatch(id -> Template.references(value, id))) {
                JsonNode resolved = resolver.resolve(value);
                if (resolved != null && resolved.isValueNode()) {
                    outputs.put(output.getKey(), resolved.asText());
                } else {
                    LOG.warn(
                            "cloudtest: output {} names an API that cloudtest serves locally, but its value cannot be "
                                    + "resolved locally: {}",
                            output.getKey(),
                            value);
                }
            }
        });
        return outputs;
    }

    /** A stable id in API Gateway's shape (10 lowercase letters and digits) for a resource cloudtest serves. */
    static String localId(String stackId, String logicalId) {
        long hash = Integer.toUnsignedLong((stackId + "/" + logicalId).hashCode()) * 31L + logicalId.length();
        String id = Long.toString(hash, 36);
        return (id + "0000000000").substring(0, 10);
    }

    /** The logical ids of the local functions. */
    public Set<String> logicalIds() {
        return functions.keySet();
    }

    private void startMapping(
            Template.Resource resource,
            Template template,
            Stack stack,
            IntrinsicResolver resolver,
            CloudSession session) {
        JsonNode properties = resolver.resolve(resource.properties());
        String source = properties.path("EventSourceArn").asText("");
        if (!SQS_ARN.matcher(source).lookingAt()
                || !properties.path("Enabled").asText("true").equals("true")) {
            return;
        }
        String target = properties.path("FunctionName").asText("");
        Optional<FunctionProcess> function = functions.values().stream()
                .filter(f -> target.equals(f.functionName())
                        || target.equals(f.logicalId())
                        || target.endsWith(":function:" + f.functionName()))
                .findFirst();
        if (function.isEmpty()) {
            return;
        }
        String queueName = source.substring(source.lastIndexOf(':') + 1);
        // What AWS refuses when it creates the mapping must not run here with other semantics (moto accepts it).
        SqsEventSourcePoller.Batching batching = SqsEventSourcePoller.Batching.of(
                "Template " + template.origin() + ": event source mapping " + resource.logicalId(),
                properties,
                queueName.endsWith(".fifo"));
        String uuid = stack.physicalIds().get(resource.logicalId());
        if (uuid != null) {
            try {
                session.client(LambdaClient.class)
                        .updateEventSourceMapping(r -> r.uuid(uuid).enabled(false));
            } catch (RuntimeException e) {
                LOG.warn(
                        "cloudtest: could not disable the deployed event source mapping {} ({}); it may compete with "
                                + "the local poller: {}",
                        resource.logicalId(),
                        uuid,
                        e.getMessage());
            }
        }
        SqsClient sqs = session.client(SqsClient.class);
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
        boolean partial = false;
        for (JsonNode type : properties.path("FunctionResponseTypes")) {
            partial |= type.asText().equals("ReportBatchItemFailures");
        }
        SqsEventSourcePoller poller =
                new SqsEventSourcePoller(sqs, queueUrl, source, session.region(), function.get(), batching, partial);
        pollers.add(poller);
        poller.start();
        LOG.info(
                "cloudtest: polling {} for local function {} ({}{})",
                queueName,
                function.get().logicalId(),
                batching.describe(),
                partial ? ", ReportBatchItemFailures" : "");
    }

    private static boolean isJavaFunction(Template.Resource resource) {
        return resource.type().equals(FUNCTION)
                && resource.properties().path("Runtime").asText("").startsWith("java");
    }

    private static FunctionDefinition define(
            Template.Resource resource,
            Stack stack,
            IntrinsicResolver resolver,
            CloudSession session,
            Template template,
            Path baseDirectory,
            List<Path> extraClasspath) {
        JsonNode properties = resource.properties();
        String name = stack.physicalIds().get(resource.logicalId());
        String handler = properties.path("Handler").asText("");
        if (handler.isBlank()) {
            throw noHandler(template, resource.logicalId());
        }
        Duration timeout = Duration.ofSeconds(properties.path("Timeout").asLong(3));
        int memory = properties.path("MemorySize").asInt(128);
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode variables = resolver.resolve(properties.path("Environment").path("Variables"));
        if (variables != null) {
            variables.fields().forEachRemaining(v -> {
                if (!IntrinsicResolver.isResolved(v.getValue())) {
                    LOG.warn(
                            "cloudtest: {}: environment variable {} = {} cannot be resolved locally; passed as is",
                            resource.logicalId(),
                            v.getKey(),
                            v.getValue());
                }
                environment.put(
                        v.getKey(),
                        v.getValue().isValueNode()
                                ? v.getValue().asText()
                                : v.getValue().toString());
            });
        }
        // Lambda's own variables win over the template's, as on Lambda (they are reserved there).
        environment.put("AWS_REGION", session.region());
        environment.put("AWS_DEFAULT_REGION", session.region());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", name);
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
        environment.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Long.toString(timeout.toSeconds()));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        environment.put(
                "AWS_EXECUTION_ENV", "AWS_Lambda_" + properties.path("Runtime").asText());
        environment.put("_HANDLER", handler);
        environment.put("CLOUDTEST_ACCOUNT_ID", session.accountId());
        session.endpoint().ifPresent(endpoint -> {
            // SDK v2 (2.21+) and v1-less tools honour AWS_ENDPOINT_URL: handler code reaches the emulator unchanged.
            environment.put("AWS_ENDPOINT_URL", endpoint.toString());
            environment.put("AWS_ACCESS_KEY_ID", "test");
            environment.put("AWS_SECRET_ACCESS_KEY", "test");
        });
        return new FunctionDefinition(
                resource.logicalId(),
                name,
                handler,
                timeout,
                memory,
                environment,
                classpath(properties.path("Code"), baseDirectory, extraClasspath));
    }

    /**
     * The test JVM's classpath, after the local jar or classes directory that {@code Code} names, if any, and the
     * configured extra entries ({@code cloudtest.local-functions.classpath}, e.g. the project's test classpath when
     * the Maven plugin runs the functions): the code the template deploys comes first, and what a thin jar leaves
     * out (its dependencies, the host) is still found.
     */
    private static List<Path> classpath(JsonNode code, Path baseDirectory, List<Path> extraClasspath) {
        Set<Path> entries = new LinkedHashSet<>();
        if (code.isTextual() && Files.exists(baseDirectory.resolve(code.asText()))) {
            entries.add(baseDirectory.resolve(code.asText()).toAbsolutePath().normalize());
        }
        entries.addAll(extraClasspath);
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry));
            }
        }
        location(FunctionHostMain.class).ifPresent(entries::add);
        return List.copyOf(entries);
    }

    private static Optional<Path> location(Class<?> type) {
        try {
            return Optional.of(Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stops the pollers, then the functions' JVMs (ending an invocation in flight). */
    @Override
    public void close() {
        List<AutoCloseable> closing = new ArrayList<>();
        pollers.forEach(SqsEventSourcePoller::stop);
        closing.addAll(apis);
        closing.addAll(functions.values());
        closing.addAll(pollers);
        closing.add(invocationLog);
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("cloudtest: stopping local functions: {}", e.getMessage());
            }
        }
    }
}
