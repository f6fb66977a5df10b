package dev.cloudtest.core.internal.moto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.LocalFunctionSource;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * EventBridge rule targets that moto cannot deliver to — Lambda functions, SNS topics, Step Functions state machines:
 * moto raises on them, so every {@code PutEvents} on the bus failed with HTTP 500 and no target received anything. In
 * the template sent to moto each such target points at a relay queue of the stack's own ({@code CloudtestRelay…},
 * created and deleted with it) with its {@code InputTransformer} kept; cloudtest reads the relay, applies the target's
 * {@code Input} or {@code InputPath} as EventBridge does, and delivers: SNS {@code Publish}, Step Functions {@code
 * StartExecution}, or the function run locally. The rule's other targets receive as before.
 */
public final class MotoRuleTargets implements StackHook {
    private static final Logger LOG = Loggers.get(MotoRuleTargets.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern INPUT_PATH = Pattern.compile("\\$(\\.[A-Za-z0-9_-]+)*");

    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER =
            context -> context.moto() ? Optional.of(new MotoRuleTargets(context.session())) : Optional.empty();

    private final CloudSession session;
    private final Map<String, Relay> relays = new ConcurrentHashMap<>();
    private volatile LocalFunctionSource localFunctions;

    private MotoRuleTargets(CloudSession session) {
        this.session = session;
    }

    /** Where the functions of Lambda targets run; wired by the registry. */
    public void useLocalFunctions(LocalFunctionSource source) {
        this.localFunctions = source;
    }

    /** A target moto cannot deliver to. */
    private record Relayed(String rule, String targetId, String kind, JsonNode arn, JsonNode target, String queueId) {}

    @Override
    public List<String> describe(PreparedStack stack) {
        return relayed(stack.template()).stream()
                .map(r -> "target " + r.targetId() + " (" + r.kind() + ") of rule " + r.rule() + " is one moto cannot "
                        + "deliver to: cloudtest relays its events through the queue " + r.queueId())
                .toList();
    }

    @Override
    public void check(PreparedStack stack) {
        for (Relayed r : relayed(stack.template())) {
            JsonNode path = r.target().path("InputPath");
            if (path.isTextual() && !INPUT_PATH.matcher(path.asText()).matches()) {
                throw new ConfigurationException("Target " + r.targetId() + " of rule " + r.rule() + " has InputPath '"
                        + path.asText() + "'; cloudtest relays this target on moto and applies plain paths ($, "
                        + "$.detail, $.detail.order). Nothing was created. Use an InputTransformer, or run on AWS.");
            }
        }
    }

    @Override
    public Template beforeCreate(PreparedStack stack, Template template) {
        List<Relayed> relayed = relayed(stack.template());
        if (relayed.isEmpty()) {
            return template;
        }
        ObjectNode json = template.json();
        ObjectNode resources = (ObjectNode) json.path("Resources");
        for (Relayed r : relayed) {
            ArrayNode targets =
                    (ArrayNode) resources.path(r.rule()).path("Properties").path("Targets");
            for (JsonNode t : targets) {
                if (t.path("Id").asText().equals(r.targetId())) {
                    ObjectNode target = (ObjectNode) t;
                    target.set(
                            "Arn",
                            MAPPER.createObjectNode()
                                    .set(
                                            "Fn::GetAtt",
                                            MAPPER.createArrayNode()
                                                    .add(r.queueId())
                                                    .add("Arn")));
                    target.remove(List.of("Input", "InputPath", "RoleArn", "RetryPolicy", "DeadLetterConfig"));
                }
            }
            ObjectNode queue = resources.putObject(r.queueId());
            queue.put("Type", "AWS::SQS::Queue");
            queue.putObject("Properties").put("VisibilityTimeout", 5);
        }
        return template.withJson(json);
    }

    @Override
    public Stack afterCreate(Stack stack, PreparedStack prepared, Provisioning how) {
        List<Relayed> relayed = relayed(prepared.template());
        if (relayed.isEmpty()) {
            return stack;
        }
        release(stack.stackId());
        Map<String, Relayed> byQueue = new LinkedHashMap<>();
        var resolver = dev.cloudtest.core.internal.template.IntrinsicResolver.forStack(
                stack, prepared.parametersWithDefaults());
        Map<String, String> arns = new LinkedHashMap<>();
        for (Relayed r : relayed) {
            String queueUrl = stack.physicalId(r.queueId());
            byQueue.put(queueUrl, r);
            JsonNode arn = resolver.resolve(r.arn());
            arns.put(queueUrl, arn.isTextual() ? arn.asText() : "");
        }
        Relay relay = new Relay(stack, byQueue, arns);
        relays.put(stack.stackId(), relay);
        relay.start();
        LOG.info(
                "cloudtest: {}: relaying {} EventBridge target(s) moto cannot deliver to: {}",
                stack.name(),
                relayed.size(),
                relayed.stream()
                        .map(r -> r.rule() + "/" + r.targetId() + " (" + r.kind() + ")")
                        .toList());
        return stack;
    }

    @Override
    public void release(String stackId) {
        Relay relay = relays.remove(stackId);
        if (relay != null) {
            relay.stop();
        }
    }

    private static List<Relayed> relayed(Template template) {
        List<Relayed> relayed = new ArrayList<>();
        for (Template.Resource rule : template.resources().values()) {
            if (!rule.type().equals("AWS::Events::Rule")) {
                continue;
            }
            int n = 0;
            for (JsonNode target : rule.properties().path("Targets")) {
                n++;
                JsonNode arn = target.path("Arn");
                String kind = kind(arn, template);
                if (kind != null) {
                    String queueId = ("CloudtestRelay" + rule.logicalId() + n).replaceAll("[^A-Za-z0-9]", "");
                    relayed.add(new Relayed(
                            rule.logicalId(), target.path("Id").asText("target" + n), kind, arn, target, queueId));
                }
            }
        }
        return relayed;
    }

    /** {@code lambda}, {@code sns} or {@code states} for a target moto cannot deliver to; null for the others. */
    private static String kind(JsonNode arn, Template template) {
        String referenced =
                arn.path("Ref").asText(arn.path("Fn::GetAtt").path(0).asText(""));
        Template.Resource resource = template.resources().get(referenced);
        if (resource != null) {
            return switch (resource.type()) {
                case "AWS::Lambda::Function", "AWS::Lambda::Alias" -> "lambda";
                case "AWS::SNS::Topic" -> "sns";
                case "AWS::StepFunctions::StateMachine" -> "states";
                default -> null;
            };
        }
        String text = arn.isTextual() ? arn.asText() : arn.path("Fn::Sub").asText("");
        String[] parts = text.split(":");
        if (parts.length > 2 && parts[0].equals("arn")) {
            String service = parts[2].toLowerCase(Locale.ROOT);
            return List.of("lambda", "sns", "states").contains(service) ? service : null;
        }
        return null;
    }

    /** Reads a stack's relay queues and delivers each event to its real target. */
    private final class Relay implements Runnable {
        private final Stack stack;
        private final Map<String, Relayed> byQueue;
        private final Map<String, String> arns;
        private final Thread thread;
        private volatile boolean running = true;

        Relay(Stack stack, Map<String, Relayed> byQueue, Map<String, String> arns) {
            this.stack = stack;
            this.byQueue = byQueue;
            this.arns = arns;
            this.thread = new Thread(this, "cloudtest-rule-relay-" + stack.name());
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            SqsClient sqs = session.client(SqsClient.class);
            while (running) {
                for (Map.Entry<String, Relayed> entry : byQueue.entrySet()) {
                    if (!running) {
                        return;
                    }
                    try {
                        for (Message message : sqs.receiveMessage(r -> r.queueUrl(entry.getKey())
                                        .maxNumberOfMessages(10)
                                        .waitTimeSeconds(byQueue.size() == 1 ? 1 : 0))
                                .messages()) {
                            deliver(entry.getValue(), arns.get(entry.getKey()), message.body());
                            sqs.deleteMessage(r -> r.queueUrl(entry.getKey()).receiptHandle(message.receiptHandle()));
                        }
                    } catch (RuntimeException e) {
                        if (running) {
                            LOG.warn(
                                    "cloudtest: {}: relaying target {} of {} failed (retried): {}",
                                    stack.name(),
                                    entry.getValue().targetId(),
                                    entry.getValue().rule(),
                                    e.toString());
                        }
                    }
                }
                if (byQueue.size() > 1) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        private void deliver(Relayed r, String arn, String event) {
            String input = input(r.target(), event);
            switch (r.kind()) {
                case "sns" ->
                    session.client(SnsClient.class).publish(p -> p.topicArn(arn).message(input));
                case "states" ->
                    session.client(SfnClient.class).startExecution(s -> s.stateMachineArn(arn)
                            .name("cloudtest-" + java.util.UUID.randomUUID())
                            .input(input));
                default -> invokeLocally(r, input);
            }
        }

        private void invokeLocally(Relayed r, String input) {
            String functionId = r.arn()
                    .path("Ref")
                    .asText(r.arn().path("Fn::GetAtt").path(0).asText(""));
            LocalFunction function;
            try {
                function = localFunctions.localFunction(stack, functionId);
            } catch (RuntimeException e) {
                LOG.warn(
                        "cloudtest: {}: an event for target {} of {} is dropped: the function {} does not run "
                                + "locally ({})",
                        stack.name(),
                        r.targetId(),
                        r.rule(),
                        functionId,
                        e.getMessage());
                return;
            }
            function.invoke(input);
        }
    }

    /** The target's input as EventBridge builds it: the constant {@code Input}, the {@code InputPath}, or the event. */
    static String input(JsonNode target, String event) {
        if (target.path("Input").isTextual()) {
            return target.path("Input").asText();
        }
        String path = target.path("InputPath").asText("$");
        if (path.equals("$")) {
            return event;
        }
        try {
            JsonNode node = MAPPER.readTree(event);
            for (String segment : path.substring(2).split("\\.")) {
                node = node.path(segment);
            }
            return node.isMissingNode() ? "null" : MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return event;
        }
    }
}
