package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.internal.template.StateMachineTasks;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The start-up table of a stack's functions, read from the template before anything is created: where each function
 * runs and which of its triggers reach it, with what this target cannot serve named and what to do about it. Logged
 * when the stack is created; with {@code cloudtest.local-functions.strict=true} a row that is not served refuses the
 * stack.
 */
final class FunctionTable {
    private static final String FUNCTION = "AWS::Lambda::Function";
    /** Principals whose invocations cloudtest delivers to local functions (on moto), or that are API calls. */
    private static final Set<String> SERVED_PRINCIPALS = Set.of(
            "apigateway.amazonaws.com",
            "events.amazonaws.com",
            "sns.amazonaws.com",
            "s3.amazonaws.com",
            "scheduler.amazonaws.com",
            "sqs.amazonaws.com");

    /** Where the stack runs, as far as its triggers are concerned. */
    enum Target {
        /** AWS: push triggers and state machines reach the deployed functions. */
        AWS,
        /** An emulator that cloudtest started: its calls to itself (Step Functions tasks) reach local functions. */
        OWN_EMULATOR,
        /** A shared emulator endpoint (or a container): its Step Functions tasks stay inside it. */
        SHARED_EMULATOR;

        boolean emulated() {
            return this != AWS;
        }
    }

    /**
     * A trigger of a function: what sends it events, and whether they reach it here.
     *
     * @param refused whether a local function with this trigger is refused before anything is created (a state
     *     machine task that would silently miss it)
     */
    record Trigger(String description, Optional<String> notServed, boolean refused) {
        Trigger(String description, Optional<String> notServed) {
            this(description, notServed, false);
        }
    }

    /**
     * One function.
     *
     * @param local whether it is a Java function selected to run locally
     * @param where where it runs, e.g. {@code local JVM, Java 17}
     * @param notServed why it does not run here at all, and what to do
     * @param caveat how running it here differs from Lambda (another Java version), and what to do
     */
    record Row(
            String logicalId,
            String runtime,
            boolean local,
            String where,
            Optional<String> notServed,
            Optional<String> caveat,
            List<Trigger> triggers) {
        /** What of this row is not served as on AWS, one line each. */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            notServed.ifPresent(reason -> problems.add("function " + logicalId + ": " + reason));
            caveat.ifPresent(reason -> problems.add("function " + logicalId + ": " + reason));
            for (Trigger trigger : triggers) {
                trigger.notServed()
                        .ifPresent(reason -> problems.add(
                                "function " + logicalId + ", trigger " + trigger.description() + ": " + reason));
            }
            return problems;
        }
    }

    private FunctionTable() {}

    /**
     * The rows of a template's functions.
     *
     * @param target where the stack runs (on an emulator, cloudtest delivers push triggers)
     * @param selected which Java functions run locally; empty when local functions are off
     * @param exists which resources exist (their conditions are true or undecided)
     */
    static List<Row> rows(
            Template template, Target target, Predicate<String> selected, JavaRuntimes jdks, Predicate<String> exists) {
        boolean emulated = target.emulated();
        List<Row> rows = new ArrayList<>();
        for (Template.Resource function : template.resources().values()) {
            if (!function.type().equals(FUNCTION) || !exists.test(function.logicalId())) {
                continue;
            }
            JsonNode p = function.properties();
            String runtime =
                    p.path("Runtime").asText(p.path("PackageType").asText("Zip").equals("Image") ? "image" : "");
            boolean java = FunctionPlan.isJavaFunction(function);
            boolean local = java && selected.test(function.logicalId());
            String where;
            Optional<String> notServed = Optional.empty();
            Optional<String> caveat = Optional.empty();
            if (local) {
                Optional<JavaRuntimes.Choice> choice = jdks.choose(runtime);
                where = choice.map(c ->
                                "local JVM, Java " + c.jdk().major() + (c.exact() ? "" : " standing in for " + runtime))
                        .orElse("-");
                if (choice.isEmpty()) {
                    notServed = Optional.of(
                            "no Java " + JavaRuntimes.runtimeVersion(runtime).orElse(0)
                                    + " or newer found for its Runtime " + runtime + " (found: " + jdks.versions()
                                    + "). Install one, or name its home in cloudtest.local-functions.jdks.");
                } else if (!choice.get().exact()) {
                    caveat = Optional.of("runs on Java " + choice.get().jdk().major() + ": no Java "
                            + JavaRuntimes.runtimeVersion(runtime).getAsInt() + " was found for its Runtime "
                            + runtime + ". Install one, or name its home in cloudtest.local-functions.jdks.");
                }
            } else if (!emulated) {
                where = "deployed";
            } else {
                where = "-";
                notServed = Optional.of(
                        java
                                ? "not selected by cloudtest.local-functions, and the emulator cannot run Lambda code. "
                                        + "Add it to cloudtest.local-functions."
                                : "the emulator cannot run " + (runtime.equals("image") ? "container images" : runtime)
                                        + " functions, and cloudtest runs Java functions (Runtime java*) only. "
                                        + "Test it on AWS (a sandbox account), or leave its journeys out here.");
            }
            List<Trigger> triggers = notServed.isPresent() && !local
                    ? triggers(template, function.logicalId(), target, exists).stream()
                            .map(t -> new Trigger(t.description(), Optional.of("its function does not run")))
                            .toList()
                    : triggers(template, function.logicalId(), target, exists);
            rows.add(new Row(function.logicalId(), runtime, local, where, notServed, caveat, triggers));
        }
        return rows;
    }

    /** The triggers of a function, from every resource that sends it events. */
    static List<Trigger> triggers(Template template, String functionId, Target target, Predicate<String> exists) {
        boolean emulated = target.emulated();
        Predicate<JsonNode> names = value -> Template.references(value, functionId)
                || template.resources().values().stream()
                        .filter(r -> r.type().equals("AWS::Lambda::Alias"))
                        .filter(r -> Template.references(r.properties().path("FunctionName"), functionId))
                        .anyMatch(alias -> Template.references(value, alias.logicalId()));
        List<Trigger> triggers = new ArrayList<>();
        Optional<String> pushedHere = emulated
                ? Optional.empty()
                : Optional.of("on AWS the deployed function receives these events, not the local one");
        for (Template.Resource r : template.resources().values()) {
            JsonNode p = r.properties();
            String id = r.logicalId();
            if (!exists.test(id)) {
                continue;
            }
            switch (r.type()) {
                case "AWS::Lambda::EventSourceMapping" -> {
                    if (names.test(p.path("FunctionName"))) {
                        triggers.add(mapping(template, id, p.path("EventSourceArn")));
                    }
                }
                case "AWS::Events::Rule" -> {
                    for (JsonNode ruleTarget : p.path("Targets")) {
                        if (names.test(ruleTarget.path("Arn"))) {
                            triggers.add(
                                    p.has("ScheduleExpression")
                                            ? new Trigger(
                                                    "schedule " + id + " "
                                                            + p.path("ScheduleExpression")
                                                                    .asText("") + " (fire it with Schedule.fire())",
                                                    Optional.empty())
                                            : new Trigger("EventBridge rule " + id, pushedHere));
                        }
                    }
                }
                case "AWS::Scheduler::Schedule" -> {
                    if (names.test(p.path("Target").path("Arn"))) {
                        triggers.add(new Trigger(
                                "schedule " + id + " "
                                        + p.path("ScheduleExpression").asText("") + " (fire it with Schedule.fire())",
                                Optional.empty()));
                    }
                }
                case "AWS::SNS::Subscription" -> {
                    if (p.path("Protocol").asText("").equalsIgnoreCase("lambda") && names.test(p.path("Endpoint"))) {
                        triggers.add(new Trigger("SNS subscription " + id, pushedHere));
                    }
                }
                case "AWS::SNS::Topic" -> {
                    for (JsonNode entry : p.path("Subscription")) {
                        if (entry.path("Protocol").asText("").equalsIgnoreCase("lambda")
                                && names.test(entry.path("Endpoint"))) {
                            triggers.add(new Trigger("SNS topic " + id, pushedHere));
                        }
                    }
                }
                case "AWS::S3::Bucket" -> {
                    for (JsonNode entry : p.path("NotificationConfiguration").path("LambdaConfigurations")) {
                        if (names.test(entry.path("Function"))) {
                            triggers.add(new Trigger(
                                    "S3 bucket " + id + " "
                                            + entry.path("Event").asText(""),
                                    pushedHere));
                        }
                    }
                }
                case "AWS::ApiGateway::Method" -> {
                    if (names.test(p.path("Integration").path("Uri"))) {
                        triggers.add(new Trigger(
                                "REST API " + p.path("HttpMethod").asText("") + " (" + id + ")", Optional.empty()));
                    }
                }
                case "AWS::ApiGateway::RestApi" -> {
                    if (names.test(p.path("Body"))) {
                        triggers.add(new Trigger("REST API " + id + " (OpenAPI body)", Optional.empty()));
                    }
                }
                case "AWS::ApiGatewayV2::Integration" -> {
                    if (names.test(p.path("IntegrationUri"))) {
                        triggers.add(new Trigger("HTTP API integration " + id, Optional.empty()));
                    }
                }
                case "AWS::ApiGatewayV2::Api" -> {
                    if (names.test(p.path("Target"))) {
                        triggers.add(new Trigger("HTTP API " + id, Optional.empty()));
                    }
                }
                case "AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::Authorizer" -> {
                    if (names.test(p.path("AuthorizerUri"))) {
                        triggers.add(new Trigger(
                                "authorizer " + id,
                                Optional.of("authorizers are not run locally: every request reaches the route")));
                    }
                }
                case "AWS::Lambda::Url" -> {
                    if (names.test(p.path("TargetFunctionArn"))) {
                        triggers.add(new Trigger("function URL " + id, Optional.empty()));
                    }
                }
                case "AWS::StepFunctions::StateMachine" -> {
                    for (StateMachineTasks.Task task : StateMachineTasks.of(r)) {
                        if (names.test(task.function())) {
                            triggers.add(stateMachineTask(id, task, target, pushedHere));
                        }
                    }
                }
                case "AWS::Lambda::Permission" -> {
                    String principal = p.path("Principal").asText("").toLowerCase(Locale.ROOT);
                    if (names.test(p.path("FunctionName"))
                            && !principal.isEmpty()
                            && !SERVED_PRINCIPALS.contains(principal)
                            && principal.endsWith(".amazonaws.com")) {
                        triggers.add(new Trigger(
                                "invocations by " + principal + " (" + id + ")",
                                Optional.of("cloudtest does not deliver events from "
                                        + principal.substring(0, principal.indexOf('.'))
                                        + " to local functions; invoke the function from the test instead")));
                    }
                }
                default -> {}
            }
        }
        return triggers;
    }

    private static Trigger stateMachineTask(
            String machine, StateMachineTasks.Task task, Target target, Optional<String> pushedHere) {
        String description = "state machine " + machine + ", task state '" + task.state() + "'";
        return switch (target) {
            case AWS -> new Trigger(description, pushedHere);
            case OWN_EMULATOR -> new Trigger(description, Optional.empty());
            case SHARED_EMULATOR ->
                new Trigger(
                        description,
                        Optional.of("the emulator at cloudtest.endpoint runs its state machines' tasks itself, and "
                                + "cannot reach local functions; use the default emulator target (unset "
                                + "cloudtest.endpoint and cloudtest.target), which cloudtest starts and routes, or leave "
                                + "the function out of cloudtest.local-functions"),
                        true);
        };
    }

    private static Trigger mapping(Template template, String id, JsonNode source) {
        String written = source.toString().toLowerCase(Locale.ROOT);
        Optional<Template.Resource> from = template.resources().values().stream()
                .filter(r -> Template.references(source, r.logicalId()))
                .findFirst();
        String type = from.map(Template.Resource::type).orElse("");
        if (type.equals("AWS::SQS::Queue") || written.contains(":sqs:")) {
            return new Trigger(
                    "SQS " + from.map(Template.Resource::logicalId).orElse(source.asText()) + " (" + id + ")",
                    Optional.empty());
        }
        String name = from.map(Template.Resource::logicalId).orElse(source.asText());
        if (type.startsWith("AWS::DynamoDB::") || written.contains(":dynamodb:") || written.contains("streamarn")) {
            return new Trigger("DynamoDB stream " + name + " (" + id + ")", Optional.empty());
        }
        if (type.equals("AWS::Kinesis::Stream") || written.contains(":kinesis:")) {
            return new Trigger("Kinesis stream " + name + " (" + id + ")", Optional.empty());
        }
        return new Trigger(
                "source " + name + " (" + id + ")",
                Optional.of("only SQS, DynamoDB and Kinesis mappings are polled for local functions"));
    }

    /** The table as logged: one line a function, its triggers indented below it. */
    static String render(String stackName, List<Row> rows) {
        StringBuilder out = new StringBuilder("cloudtest: " + stackName + ": functions and their triggers\n");
        int width = rows.stream().mapToInt(r -> r.logicalId().length()).max().orElse(8);
        for (Row row : rows) {
            out.append(String.format(
                    "  %-" + width + "s  %-10s  %s%n",
                    row.logicalId(),
                    row.runtime(),
                    row.notServed()
                            .map(reason -> row.where() + "  NOT SERVED: " + reason)
                            .or(() -> row.caveat().map(reason -> row.where() + "  CAVEAT: " + reason))
                            .orElse(row.where())));
            for (Trigger trigger : row.triggers()) {
                out.append("  ")
                        .append(" ".repeat(width))
                        .append("    <- ")
                        .append(trigger.description())
                        .append(trigger.notServed()
                                .map(reason -> "  NOT SERVED: " + reason)
                                .orElse(""))
                        .append('\n');
            }
            if (row.triggers().isEmpty()) {
                out.append("  ").append(" ".repeat(width)).append("    (no trigger: invoke it from the test)\n");
            }
        }
        return out.toString().stripTrailing();
    }

    /** Every not-served line of the table. */
    static List<String> problems(List<Row> rows) {
        return rows.stream().flatMap(r -> r.problems().stream()).collect(Collectors.toList());
    }
}
