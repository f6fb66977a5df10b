package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Schedule;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.LocalFunctionSource;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.TargetInput;
import dev.cloudtest.core.internal.template.Template;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The schedules of a stack ({@link Schedule}): its rules with a {@code ScheduleExpression} and its {@code
 * AWS::Scheduler::Schedule}s, fired on demand by delivering to each target itself.
 */
public final class StackSchedules {
    private static final Logger LOG = Loggers.get(StackSchedules.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String RULE = "AWS::Events::Rule";
    static final String SCHEDULE = "AWS::Scheduler::Schedule";

    private StackSchedules() {}

    /** The logical ids of the template's schedules. */
    public static List<String> scheduleIds(Template template) {
        return template.resources().values().stream()
                .filter(StackSchedules::isSchedule)
                .map(Template.Resource::logicalId)
                .toList();
    }

    static boolean isSchedule(Template.Resource resource) {
        return (resource.type().equals(RULE) && resource.properties().has("ScheduleExpression"))
                || resource.type().equals(SCHEDULE);
    }

    /**
     * The schedule of this logical id.
     *
     * @param functions where the stack's functions run locally
     * @throws IllegalArgumentException naming the stack's schedules when this is none
     */
    public static Schedule of(
            Stack stack,
            PreparedStack prepared,
            CloudSession session,
            LocalFunctionSource functions,
            String logicalId) {
        Template template = prepared.template();
        Template.Resource resource = template.resources().get(logicalId);
        if (resource == null || !isSchedule(resource)) {
            throw new IllegalArgumentException("Stack " + stack.name() + " has no schedule '" + logicalId
                    + "' (an AWS::Events::Rule with a ScheduleExpression or an AWS::Scheduler::Schedule). Its schedules: "
                    + new TreeSet<>(scheduleIds(template)) + ".");
        }
        IntrinsicResolver resolver = IntrinsicResolver.forStack(stack, prepared.parametersWithDefaults());
        String expression = resolver.resolve(resource.properties().path("ScheduleExpression"))
                .asText("");
        return new Schedule() {
            @Override
            public String logicalId() {
                return logicalId;
            }

            @Override
            public String expression() {
                return expression;
            }

            @Override
            public void fire() {
                fireNow(stack, template, resource, resolver, session, functions);
            }

            @Override
            public String toString() {
                return "schedule " + logicalId + " (" + expression + ") of " + stack.name();
            }
        };
    }

    private static void fireNow(
            Stack stack,
            Template template,
            Template.Resource resource,
            IntrinsicResolver resolver,
            CloudSession session,
            LocalFunctionSource functions) {
        List<JsonNode> targets = new ArrayList<>();
        String event;
        if (resource.type().equals(SCHEDULE)) {
            targets.add(resource.properties().path("Target"));
            event = null; // Scheduler delivers the target's Input as it is
        } else {
            resource.properties().path("Targets").forEach(targets::add);
            event = scheduledEvent(stack, resource, session);
        }
        for (JsonNode target : targets) {
            JsonNode resolved = resolver.resolve(target);
            String input = event == null ? resolved.path("Input").asText("{}") : TargetInput.of(resolved, event);
            deliver(stack, template, resource.logicalId(), target, resolved, input, session, functions);
        }
        LOG.info("cloudtest: {}: fired schedule {} ({} target(s))", stack.name(), resource.logicalId(), targets.size());
    }

    /** EventBridge's event for a scheduled rule. */
    private static String scheduledEvent(Stack stack, Template.Resource rule, CloudSession session) {
        String physical = stack.physicalIds().getOrDefault(rule.logicalId(), rule.logicalId());
        String arn = physical.startsWith("arn:")
                ? physical
                : "arn:aws:events:" + session.region() + ":" + session.accountId() + ":rule/"
                        + physical.substring(physical.lastIndexOf('|') + 1);
        ObjectNode event = MAPPER.createObjectNode()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("account", session.accountId())
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", session.region());
        event.putArray("resources").add(arn);
        event.putObject("detail");
        return event.toString();
    }

    private static void deliver(
            Stack stack,
            Template template,
            String owner,
            JsonNode target,
            JsonNode resolved,
            String input,
            CloudSession session,
            LocalFunctionSource functions) {
        String arn = resolved.path("Arn").asText("");
        String[] parts = arn.split(":");
        String service = parts.length > 5 ? parts[2] : "";
        String what = "target " + target.path("Id").asText(arn) + " of schedule " + owner;
        switch (service) {
            case "lambda" -> {
                Optional<String> functionId = functionId(stack, template, target.path("Arn"), arn);
                if (functionId.isPresent() && functions != null) {
                    try {
                        functions.invokeAsync(stack, functionId.get(), input);
                        return;
                    } catch (IllegalArgumentException e) {
                        if (session.endpoint().isPresent()) {
                            throw new IllegalStateException(
                                    "Cannot fire " + what + ": the function does not run locally (" + e.getMessage()
                                            + "), and the emulator cannot run it.",
                                    e);
                        }
                    }
                } else if (session.endpoint().isPresent()) {
                    throw new IllegalStateException("Cannot fire " + what + ": the function " + arn
                            + " does not run locally, and the emulator cannot run it.");
                }
                session.client(LambdaClient.class).invoke(r -> r.functionName(arn)
                        .invocationType("Event")
                        .payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String(input)));
            }
            case "sqs" -> {
                SqsClient sqs = session.client(SqsClient.class);
                String url = sqs.getQueueUrl(r -> r.queueName(parts[5]).queueOwnerAWSAccountId(parts[4]))
                        .queueUrl();
                JsonNode group = resolved.path("SqsParameters").path("MessageGroupId");
                sqs.sendMessage(r ->
                        r.queueUrl(url).messageBody(input).messageGroupId(group.isTextual() ? group.asText() : null));
            }
            case "sns" ->
                session.client(SnsClient.class).publish(p -> p.topicArn(arn).message(input));
            case "states" ->
                session.client(SfnClient.class).startExecution(x -> x.stateMachineArn(arn)
                        .name("cloudtest-" + UUID.randomUUID())
                        .input(input));
            default ->
                throw new IllegalStateException("Cannot fire " + what + ": cloudtest delivers scheduled events to "
                        + "Lambda functions, SQS queues, SNS topics and Step Functions state machines, not to " + arn
                        + ".");
        }
    }

    /** The logical id of the function a target names: by {@code Ref}/{@code GetAtt}, else by its deployed name. */
    private static Optional<String> functionId(Stack stack, Template template, JsonNode written, String arn) {
        String referenced =
                written.path("Ref").asText(written.path("Fn::GetAtt").path(0).asText(""));
        if (template.resources().containsKey(referenced)) {
            return Optional.of(template.functionOf(referenced));
        }
        String name = arn.split(":").length > 6 ? arn.split(":")[6] : "";
        return stack.physicalIds().entrySet().stream()
                .filter(e -> e.getValue().equals(name) || e.getValue().equals(arn))
                .map(java.util.Map.Entry::getKey)
                .findFirst();
    }
}
