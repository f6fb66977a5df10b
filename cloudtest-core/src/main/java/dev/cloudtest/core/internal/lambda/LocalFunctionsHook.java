package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.Schedule;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.HookContext;
import dev.cloudtest.core.internal.hook.LocalFunctionSource;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.Template;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * Runs a stack's Java functions locally ({@link CloudTestConfig#LOCAL_FUNCTIONS}): the static {@link FunctionPlan}
 * checks the template before anything is created, and once the stack exists a {@link StackFunctions} runtime starts
 * the functions, their SQS pollers and the local API, and points the API's URL outputs at it. On moto, the HTTP API
 * resources the local API serves are accepted as missing (moto cannot create them).
 */
public final class LocalFunctionsHook implements StackHook, LocalFunctionSource {
    private static final Logger LOG = Loggers.get(LocalFunctionsHook.class);

    /** Creates this hook on every target; it does nothing where local functions are off. */
    public static final StackHookProvider PROVIDER = context -> Optional.of(new LocalFunctionsHook(context));

    private final HookContext context;
    private final boolean enabled;
    private final Predicate<String> selected;
    private final JavaRuntimes jdks;
    /** The Lambda invoke router of this run's emulator, started with the first local functions. */
    private volatile InvokeRouter router;

    private final boolean strict;
    /** The runtimes by stack id. */
    private final Map<String, StackFunctions> running = new ConcurrentHashMap<>();
    /** Every provisioned stack as prepared, by stack id: for its schedules. */
    private final Map<String, PreparedStack> prepared = new ConcurrentHashMap<>();

    private LocalFunctionsHook(HookContext context) {
        this.context = context;
        CloudTestConfig config = context.config();
        this.enabled = config.localFunctions(context.emulated());
        this.selected = enabled ? FunctionPlan.selection(config, context.emulated()) : logicalId -> false;
        this.jdks = enabled
                ? JavaRuntimes.discover(config.list(CloudTestConfig.LOCAL_FUNCTIONS_JDKS, ",").stream()
                        .map(Path::of)
                        .toList())
                : JavaRuntimes.discover(List.of());
        this.strict = config.bool(CloudTestConfig.LOCAL_FUNCTIONS_STRICT, false);
    }

    @Override
    public String name() {
        return "local functions";
    }

    @Override
    public Optional<String> phase() {
        return Optional.of("local-functions");
    }

    @Override
    public List<String> describe(PreparedStack stack) {
        Template template = stack.template();
        List<String> lines = new ArrayList<>();
        List<String> local =
                FunctionPlan.javaFunctionIds(template).stream().filter(selected).toList();
        if (!local.isEmpty()) {
            lines.add("runs " + local + " locally, with their SQS event sources and API routes");
        }
        Set<String> served = FunctionPlan.servedHttpApiResources(template, selected);
        if (context.moto() && !served.isEmpty()) {
            lines.add("serves HTTP API resources " + served + ", which moto cannot create, on a local API");
        }
        return lines;
    }

    @Override
    public void check(PreparedStack stack) {
        if (enabled) {
            FunctionPlan.check(stack.template(), stack.parametersWithDefaults(), selected);
        }
        var resolver = new dev.cloudtest.core.internal.template.IntrinsicResolver(
                stack.parametersWithDefaults(),
                Map.of(),
                Map.of(),
                context.session().region(),
                context.session().accountId(),
                stack.name(),
                "");
        List<FunctionTable.Row> rows = FunctionTable.rows(
                stack.template(), tableTarget(), selected, jdks, existing(stack.template(), resolver));
        for (FunctionTable.Row row : rows) {
            if (row.local() && row.notServed().isPresent()) {
                throw new ConfigurationException(
                        "Template " + stack.template().origin() + ": function " + row.logicalId()
                                + " cannot run locally: " + row.notServed().get() + " Nothing was created.");
            }
            for (FunctionTable.Trigger trigger : row.triggers()) {
                if (row.local() && trigger.refused()) {
                    throw new ConfigurationException("Template "
                            + stack.template().origin() + ": function "
                            + row.logicalId() + " runs locally, but its trigger " + trigger.description()
                            + " would not reach it: " + trigger.notServed().orElse("") + ". Nothing was created.");
                }
            }
        }
        List<String> problems = FunctionTable.problems(rows);
        if (strict && !problems.isEmpty()) {
            throw new ConfigurationException("Template " + stack.template().origin() + ": "
                    + "cloudtest.local-functions.strict=true, and " + problems.size() + " thing(s) would not be "
                    + "served here as on AWS; nothing was created:\n  - " + String.join("\n  - ", problems)
                    + "\nFix them, or set cloudtest.local-functions.strict=false to run with them logged.");
        }
    }

    /**
     * On moto, the stream mappings of local functions are not deployed: moto would consume the stream itself (and try
     * to run the function in Docker), leaving nothing for the local poller.
     */
    @Override
    public Template beforeCreate(PreparedStack stack, Template template) {
        Set<String> streams = localStreamMappings(stack.template());
        if (!context.moto() || streams.isEmpty()) {
            return template;
        }
        com.fasterxml.jackson.databind.node.ObjectNode json = template.json();
        com.fasterxml.jackson.databind.node.ObjectNode resources =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.path("Resources");
        streams.forEach(resources::remove);
        resources.forEach(resource -> {
            JsonNode dependsOn = resource.path("DependsOn");
            if (dependsOn.isTextual() && streams.contains(dependsOn.asText())) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) resource).remove("DependsOn");
            } else if (dependsOn.isArray()) {
                for (int i = dependsOn.size() - 1; i >= 0; i--) {
                    if (streams.contains(dependsOn.get(i).asText())) {
                        ((com.fasterxml.jackson.databind.node.ArrayNode) dependsOn).remove(i);
                    }
                }
            }
        });
        return template.withJson(json);
    }

    /** The stream mappings whose function runs locally. */
    private Set<String> localStreamMappings(Template template) {
        Set<String> ids = new TreeSet<>();
        List<String> local =
                FunctionPlan.javaFunctionIds(template).stream().filter(selected).toList();
        for (Template.Resource resource : template.resources().values()) {
            if (resource.type().equals(FunctionPlan.MAPPING)
                    && EventSourceMappings.isStream(template, resource)
                    && local.stream()
                            .anyMatch(f -> Template.references(
                                            resource.properties().path("FunctionName"), f)
                                    || Template.references(
                                            resource.properties().path("FunctionName"), aliasOf(template, f)))) {
                ids.add(resource.logicalId());
            }
        }
        return ids;
    }

    private static String aliasOf(Template template, String function) {
        return template.resources().values().stream()
                .filter(r -> r.type().equals("AWS::Lambda::Alias"))
                .filter(r -> Template.references(r.properties().path("FunctionName"), function))
                .map(Template.Resource::logicalId)
                .findFirst()
                .orElse("\u0000");
    }

    /** Which resources exist: their condition is true, or cannot be told here. */
    private static Predicate<String> existing(
            Template template, dev.cloudtest.core.internal.template.IntrinsicResolver resolver) {
        var conditions = dev.cloudtest.core.internal.template.Conditions.of(template, resolver);
        return logicalId -> conditions.shouldExist(template, logicalId).orElse(true);
    }

    @Override
    public Optional<String> acceptMissing(Template.Resource resource, PreparedStack stack) {
        if (context.moto() && localStreamMappings(stack.template()).contains(resource.logicalId())) {
            return Optional.of("cloudtest polls this stream for the local function itself; moto would consume it");
        }
        if (context.moto() && resource.type().equals("AWS::ApiGateway::Authorizer")) {
            return Optional.of("moto does not create REST API authorizers, and cloudtest's local API does not run "
                    + "them: every request reaches the function, as with authorized routes of HTTP APIs");
        }
        if (!context.moto() || !resource.type().startsWith(Template.API_GATEWAY_V2)) {
            return Optional.empty();
        }
        return FunctionPlan.servedHttpApiResources(stack.template(), selected).contains(resource.logicalId())
                ? Optional.of("cloudtest serves the HTTP API's routes to the local functions itself")
                : Optional.empty();
    }

    @Override
    public Optional<String> hintForMissing(Set<String> types, PreparedStack stack) {
        if (!context.moto() || types.stream().noneMatch(t -> t.startsWith(Template.API_GATEWAY_V2))) {
            return Optional.empty();
        }
        return Optional.of("moto cannot create HTTP APIs (AWS::ApiGatewayV2::*); cloudtest serves an HTTP API itself "
                + "when its Lambda proxy routes lead to Java functions that run locally (cloudtest.local-functions=auto, "
                + "the default on an emulator, or their logical ids), also when an OpenAPI Body (SAM's HttpApi events) "
                + "declares the routes. Custom domains, VPC links and WebSocket APIs are not served locally.");
    }

    @Override
    public Stack afterCreate(Stack stack, PreparedStack prepared, Provisioning how) {
        this.prepared.put(stack.stackId(), prepared);
        Template template = prepared.template();
        List<FunctionTable.Row> rows = FunctionTable.rows(
                template,
                tableTarget(),
                selected,
                jdks,
                existing(
                        template,
                        dev.cloudtest.core.internal.template.IntrinsicResolver.forStack(
                                stack, prepared.parametersWithDefaults())));
        if (!rows.isEmpty()) {
            LOG.info(FunctionTable.render(stack.name(), rows));
            List<String> problems = FunctionTable.problems(rows);
            if (!problems.isEmpty()) {
                LOG.warn(
                        "cloudtest: {}: {} thing(s) are not served here as on AWS (cloudtest.local-functions.strict=true "
                                + "refuses them):\n  - {}",
                        stack.name(),
                        problems.size(),
                        String.join("\n  - ", problems));
            }
        }
        if (!enabled || !FunctionPlan.declaresJavaFunctions(template)) {
            return stack;
        }
        CloudTestConfig config = context.config();
        config.localFunctionIds(context.emulated()).ifPresent(ids -> {
            List<String> declared = FunctionPlan.javaFunctionIds(template);
            List<String> unknown =
                    ids.stream().filter(id -> !declared.contains(id)).toList();
            if (!unknown.isEmpty()) {
                LOG.warn(
                        "cloudtest: {}: cloudtest.local-functions names {}, which the template does not declare as Java "
                                + "functions (a typo?). Java functions: {}",
                        stack.name(),
                        unknown,
                        declared);
            }
        });
        startRouter();
        StackFunctions functions =
                running.computeIfAbsent(stack.stackId(), id -> StackFunctions.start(stack, prepared, settings(config)));
        Map<String, String> outputs = functions.outputs(stack.outputs());
        // The API's URL outputs now lead to the local API serving the functions' routes.
        return outputs.equals(stack.outputs()) ? stack : stack.withOutputs(outputs);
    }

    /** Where the stack runs, for the start-up table: whether the emulator's own calls can reach local functions. */
    private FunctionTable.Target tableTarget() {
        if (!context.emulated()) {
            return FunctionTable.Target.AWS;
        }
        return context.callbacks().isPresent()
                ? FunctionTable.Target.OWN_EMULATOR
                : FunctionTable.Target.SHARED_EMULATOR;
    }

    /**
     * On an emulator, starts the Lambda invoke router once: the test JVM's {@code LambdaClient}s and the functions'
     * SDK clients then reach the local functions through it.
     */
    private synchronized void startRouter() {
        if (router != null || !context.emulated()) {
            return;
        }
        try {
            router = new InvokeRouter(context.session().endpoint().orElseThrow(), this::routed);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot start the Lambda invoke router", e);
        }
        context.clients().route(software.amazon.awssdk.services.lambda.LambdaClient.class, router.endpoint());
        // The emulator's own Lambda calls (Step Functions tasks) reach the local functions too.
        context.callbacks().ifPresent(callbacks -> callbacks.forwardTo(router.endpoint()));
        LOG.info("cloudtest: Lambda Invoke of local functions is routed through {}", router.endpoint());
    }

    /** The local function an invocation names, in any running stack. */
    private Optional<InvokeRouter.Target> routed(String functionName) {
        String name = InvokeRouter.nameAndQualifier(functionName).get(0);
        for (StackFunctions functions : running.values()) {
            Optional<FunctionProcess> function = functions.named(name);
            if (function.isPresent()) {
                return Optional.of(new InvokeRouter.Target(
                        function.get(),
                        event -> functions.invokeAsync(function.get().logicalId(), event)));
            }
        }
        return Optional.empty();
    }

    /** Stops the invoke router with the run. */
    @Override
    public void targetClosed() {
        InvokeRouter stopping = router;
        if (stopping != null) {
            context.callbacks().ifPresent(dev.cloudtest.core.internal.target.EmulatorCallbacks::reset);
            stopping.close();
        }
    }

    private StackFunctions.Settings settings(CloudTestConfig config) {
        return new StackFunctions.Settings(
                context.session(),
                config.reportDirectory().resolve("local-functions"),
                config.list(CloudTestConfig.LOCAL_FUNCTIONS_CLASSPATH, File.pathSeparator).stream()
                        .map(Path::of)
                        .toList(),
                selected,
                config.debugFunction()
                        .map(d -> Map.of(d.getKey(), d.getValue()))
                        .orElse(Map.of()),
                config.localFunctionsRetryDelay(),
                jdks,
                FunctionClasspath.TestClasspath.parse(config.raw(CloudTestConfig.LOCAL_FUNCTIONS_TEST_CLASSPATH)
                        .orElse("auto")),
                Optional.ofNullable(router).map(InvokeRouter::endpoint));
    }

    @Override
    public void release(String stackId) {
        prepared.remove(stackId);
        StackFunctions functions = running.remove(stackId);
        if (functions != null) {
            functions.close();
        }
    }

    /** On an emulator, the log groups cloudtest wrote the functions' output to go with the stack. */
    @Override
    public void beforeDelete(String stackId) {
        if (context.emulated()) {
            FunctionLogGroups.removeAll(context.session(), stackId)
                    .forEach(line -> LOG.debug("cloudtest: removed {} of stack {}", line, stackId));
        }
    }

    @Override
    public Schedule schedule(Stack stack, String logicalId) {
        PreparedStack stackAsPrepared = prepared.get(stack.stackId());
        if (stackAsPrepared == null) {
            throw new IllegalArgumentException("Stack " + stack.name() + " is not provisioned by this run.");
        }
        return StackSchedules.of(stack, stackAsPrepared, context.session(), this, logicalId);
    }

    @Override
    public void invokeAsync(Stack stack, String logicalId, String event) {
        localFunction(stack, logicalId); // says why when it does not run locally
        running.get(stack.stackId()).invokeAsync(logicalId, event);
    }

    @Override
    public LocalFunction localFunction(Stack stack, String logicalId) {
        StackFunctions functions = running.get(stack.stackId());
        if (functions == null) {
            throw new IllegalArgumentException("Stack " + stack.name() + " runs no local functions: "
                    + (enabled
                            ? "its template declares no Java function (Runtime java*)."
                            : "they are off on this target; set cloudtest.local-functions=always to run them."));
        }
        return functions
                .function(logicalId)
                .orElseThrow(() -> new IllegalArgumentException("Stack " + stack.name()
                        + " has no local function '" + logicalId + "'. Local functions: "
                        + new TreeSet<>(functions.logicalIds()) + "."));
    }
}
