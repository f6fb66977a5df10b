package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.lambda.api.ApiRoutes;
import dev.cloudtest.core.internal.lambda.api.DeployedFunctions;
import dev.cloudtest.core.internal.lambda.api.LocalApi;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
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
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The local functions of one stack: a {@link FunctionProcess} per Java function of the template and a poller per SQS
 * event source mapping, whose deployed twin is disabled so that only the local one consumes the queue (moto's own
 * mapping would otherwise receive each message once, fail to run the code, and count towards the dead-letter queue).
 */
public final class StackFunctions implements AutoCloseable {
    private static final Logger LOG = Loggers.get(StackFunctions.class);
    private final Map<String, FunctionProcess> functions;
    private final List<AutoCloseable> pollers;
    private final List<LocalApi> apis = new ArrayList<>();
    /** Outputs the target could not give (they name an API it cannot create), resolved locally. */
    private final Map<String, String> localOutputs = new LinkedHashMap<>();

    private final InvocationLog invocationLog;
    private AsyncInvocations async;

    private StackFunctions(
            Map<String, FunctionProcess> functions, List<AutoCloseable> pollers, InvocationLog invocationLog) {
        this.functions = functions;
        this.pollers = pollers;
        this.invocationLog = invocationLog;
    }

    /**
     * Where and how a stack's functions run locally.
     *
     * @param session the target their SDK clients reach (an emulator's endpoint is passed as {@code AWS_ENDPOINT_URL})
     * @param logDirectory where the functions' JVM output (outside invocations) goes
     * @param extraClasspath entries before the JVM's own classpath ({@code cloudtest.local-functions.classpath})
     * @param selected which functions, by logical id, run locally ({@code cloudtest.local-functions})
     * @param debugPorts JDWP ports by logical id for functions a developer debugs ({@code cloudtest.debug})
     * @param retryDelay the delay before an asynchronous invocation's first retry ({@code
     *     cloudtest.local-functions.retry-delay})
     * @param jdks the Java installations functions run on, by their {@code Runtime}
     * @param testClasspath when the test JVM's classpath joins a function's ({@code
     *     cloudtest.local-functions.test-classpath})
     * @param lambdaEndpoint the invoke router that functions' Lambda clients use ({@code AWS_ENDPOINT_URL_LAMBDA})
     */
    public record Settings(
            CloudSession session,
            Path logDirectory,
            List<Path> extraClasspath,
            Predicate<String> selected,
            Map<String, Integer> debugPorts,
            Duration retryDelay,
            JavaRuntimes jdks,
            FunctionClasspath.TestClasspath testClasspath,
            Optional<java.net.URI> lambdaEndpoint) {}

    /**
     * Starts the stack's selected Java functions (in parallel) and the pollers of their event sources (SQS queues,
     * DynamoDB and Kinesis streams).
     *
     * @param prepared the stack as prepared: its expanded template (local {@code Code} paths) and parameters
     */
    public static StackFunctions start(Stack stack, PreparedStack prepared, Settings settings) {
        Template template = prepared.template();
        Map<String, String> parameters = prepared.parametersWithDefaults();
        Path baseDirectory = prepared.baseDirectory();
        CloudSession session = settings.session();
        Path logDirectory = settings.logDirectory();
        List<Path> extraClasspath = settings.extraClasspath();
        Predicate<String> selected = settings.selected();
        Map<String, Integer> debugPorts = settings.debugPorts();
        IntrinsicResolver resolver = IntrinsicResolver.forStack(stack, parameters);
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
            } else if (resource.type().startsWith(Template.API_GATEWAY_V2) && !resource.conditional()) {
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
        resolver = IntrinsicResolver.forStack(stack, parameters, physicalIds, resourceTypes);
        boolean emulated = session.endpoint().isPresent();
        Map<String, FunctionProcess> functions = new LinkedHashMap<>();
        InvocationLog invocationLog = new InvocationLog(
                session.client(software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.class));
        for (Template.Resource resource : template.resources().values()) {
            if (FunctionPlan.isJavaFunction(resource)
                    && selected.test(resource.logicalId())
                    && stack.physicalIds().containsKey(resource.logicalId())) {
                FunctionDefinition definition =
                        define(resource, stack, resolver, session, template, baseDirectory, settings);
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
        started.async = AsyncInvocations.of(template, resolver, functions, session, settings.retryDelay());
        var conditions = dev.cloudtest.core.internal.template.Conditions.of(template, resolver);
        try {
            CompletableFuture.allOf(functions.values().stream()
                            .map(f -> CompletableFuture.runAsync(f::start))
                            .toArray(CompletableFuture[]::new))
                    .join();
            for (Template.Resource resource : template.resources().values()) {
                if (resource.type().equals(FunctionPlan.MAPPING)
                        && conditions
                                .shouldExist(template, resource.logicalId())
                                .orElse(true)) {
                    EventSourceMappings.start(resource, template, stack, resolver, session, functions, started.async)
                            .ifPresent(started.pollers::add);
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
            List<ApiRoutes.Api> served = new ArrayList<>(ApiRoutes.read(template, resolver, apiIds, functions));
            served.addAll(functionUrls(template, resolver, session, functions));
            for (ApiRoutes.Api api : served) {
                started.apis.add(LocalApi.start(api, session.accountId(), deployed));
            }
            started.localOutputs.putAll(localOutputs(template, resolver, servedLocally));
        } catch (RuntimeException e) {
            started.close();
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return started;
    }

    /**
     * Invokes a local function asynchronously, as S3, SNS, EventBridge and schedules do on AWS: with Lambda's retries,
     * destinations and dead-letter target.
     *
     * @throws IllegalArgumentException when the function does not run locally
     */
    public void invokeAsync(String logicalId, String event) {
        async.invoke(logicalId, event);
    }

    /** The local function of a deployed function name. */
    Optional<FunctionProcess> named(String functionName) {
        return functions.values().stream()
                .filter(f -> f.functionName().equals(functionName))
                .findFirst();
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

    /** The template's function URLs of local functions, each with the URL id the target gave it. */
    private static List<ApiRoutes.Api> functionUrls(
            Template template,
            IntrinsicResolver resolver,
            CloudSession session,
            Map<String, ? extends LocalFunction> functions) {
        List<ApiRoutes.Api> urls = new ArrayList<>();
        for (Template.Resource resource : template.resources().values()) {
            if (!resource.type().equals("AWS::Lambda::Url")) {
                continue;
            }
            JsonNode target = resolver.resolve(resource.properties().path("TargetFunctionArn"));
            if (!target.isTextual()) {
                continue;
            }
            String url;
            try {
                url = session.client(LambdaClient.class)
                        .getFunctionUrlConfig(r -> r.functionName(target.asText())
                                .qualifier(
                                        resource.properties().path("Qualifier").asText(null)))
                        .functionUrl();
            } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException e) {
                continue; // its condition is false
            }
            String host = java.net.URI.create(url).getHost();
            ApiRoutes.functionUrl(
                            resource.logicalId(),
                            host.substring(0, host.indexOf('.')),
                            target.asText(),
                            resource.properties()
                                    .path("AuthType")
                                    .asText("NONE")
                                    .equals("AWS_IAM"),
                            functions)
                    .ifPresent(urls::add);
        }
        return urls;
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

    private static FunctionDefinition define(
            Template.Resource resource,
            Stack stack,
            IntrinsicResolver resolver,
            CloudSession session,
            Template template,
            Path baseDirectory,
            Settings settings) {
        JavaRuntimes jdks = settings.jdks();
        JsonNode properties = resource.properties();
        String name = stack.physicalIds().get(resource.logicalId());
        String handler = properties.path("Handler").asText("");
        if (handler.isBlank()) {
            throw FunctionPlan.noHandler(template, resource.logicalId());
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
            environment.put("AWS_CBOR_DISABLED", "true"); // emulators speak JSON only (Kinesis)
            // Invoke from handler code reaches the local functions through the router; the rest passes through.
            settings.lambdaEndpoint()
                    .ifPresent(router -> environment.put("AWS_ENDPOINT_URL_LAMBDA", router.toString()));
        });
        return new FunctionDefinition(
                resource.logicalId(),
                name,
                handler,
                timeout,
                memory,
                environment,
                FunctionClasspath.of(
                        template,
                        resource,
                        baseDirectory,
                        settings.extraClasspath(),
                        settings.testClasspath(),
                        settings.logDirectory().resolve("packages")),
                jdks.choose(properties.path("Runtime").asText())
                        .map(choice -> choice.jdk().java())
                        .orElseThrow(() -> new dev.cloudtest.core.exception.ConfigurationException("Function "
                                + resource.logicalId() + " has Runtime "
                                + properties.path("Runtime").asText()
                                + ", and no such Java (or newer) was found: " + jdks.versions()
                                + ". Install one, or name its home in cloudtest.local-functions.jdks.")));
    }

    /** Stops the pollers, then the functions' JVMs (ending an invocation in flight). */
    @Override
    public void close() {
        List<AutoCloseable> closing = new ArrayList<>();
        pollers.stream().filter(SqsEventSourcePoller.class::isInstance).forEach(p -> ((SqsEventSourcePoller) p).stop());
        closing.addAll(apis);
        closing.addAll(functions.values());
        closing.addAll(pollers);
        closing.add(invocationLog);
        closing.add(0, async);
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("cloudtest: stopping local functions: {}", e.getMessage());
            }
        }
    }
}
