package dev.cloudtest.core.internal.moto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Deliveries moto cannot make, made through a relay queue of the stack's own ({@code CloudtestRelay…}, created and
 * deleted with it, in the template sent to moto):
 *
 * <ul>
 *   <li>EventBridge rule targets that are Lambda functions, SNS topics or Step Functions state machines: moto raises
 *       on them, so every {@code PutEvents} on the bus failed with HTTP 500 and no target received anything. The
 *       target points at the relay with its {@code InputTransformer} kept; cloudtest applies its {@code Input} or
 *       {@code InputPath} as EventBridge does and delivers: SNS {@code Publish}, Step Functions {@code
 *       StartExecution}, or the function run locally. The rule's other targets receive as before.
 *   <li>{@code AWS::SNS::Subscription}s with protocol {@code lambda} (SAM's {@code SNS} events): the subscription
 *       ({@code SnsSubscriptions}) subscribes the relay, with the same filter policy, and cloudtest hands each
 *       notification to the local function as Lambda's SNS event ({@code Records[].Sns}).
 *   <li>A bucket's {@code LambdaConfigurations}, which moto's CloudFormation ignores: {@code MotoBucketNotifications}
 *       points each at the relay (same events and key filter), and cloudtest hands each S3 event to the function.
 * </ul>
 */
public final class MotoRelays implements StackHook {
    private static final Logger LOG = Loggers.get(MotoRelays.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern INPUT_PATH = Pattern.compile("\\$(\\.[A-Za-z0-9_-]+)*");

    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER =
            context -> context.moto() ? Optional.of(new MotoRelays(context.session())) : Optional.empty();

    private final CloudSession session;
    private final Map<String, Relay> relays = new ConcurrentHashMap<>();
    private volatile LocalFunctionSource localFunctions;

    private MotoRelays(CloudSession session) {
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
                .map(r -> (r.kind().equals("s3-lambda")
                                ? "bucket " + r.rule() + " " + r.targetId() + " (Lambda notification)"
                                : r.kind().startsWith("sns-lambda")
                                        ? "subscription " + r.rule()
                                                + (r.kind().endsWith("inline") ? " " + r.targetId() : "")
                                                + " (protocol lambda)"
                                        : "target " + r.targetId() + " (" + r.kind() + ") of rule " + r.rule())
                        + " is one moto cannot deliver to: cloudtest relays its messages through the queue "
                        + r.queueId())
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
            if (r.kind().equals("sns-lambda-inline")) {
                // the topic's own Subscription entry: moto subscribes the relay (an SNS envelope) instead
                int index = Integer.parseInt(r.targetId().substring("Subscription.".length())) - 1;
                ObjectNode entry = (ObjectNode) resources
                        .path(r.rule())
                        .path("Properties")
                        .path("Subscription")
                        .path(index);
                entry.put("Protocol", "sqs");
                entry.set(
                        "Endpoint",
                        MAPPER.createObjectNode()
                                .set(
                                        "Fn::GetAtt",
                                        MAPPER.createArrayNode()
                                                .add(r.queueId())
                                                .add("Arn")));
            }
            JsonNode targets = r.kind().startsWith("sns-lambda")
                    ? MAPPER.createArrayNode()
                    : resources.path(r.rule()).path("Properties").path("Targets");
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
                "cloudtest: {}: relaying {} delivery(ies) moto cannot make: {}",
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

    /** The relay queue's logical id for a bucket's {@code n}th (from 1) {@code LambdaConfigurations} entry. */
    public static String bucketRelay(String bucketLogicalId, int n) {
        return relayId(bucketLogicalId + "Lambda" + n);
    }

    /** The relay queue's logical id for a Lambda subscription. */
    public static String subscriptionRelay(String subscriptionLogicalId) {
        return relayId(subscriptionLogicalId);
    }

    /** A relay queue's logical id: {@code CloudtestRelay} and what it relays for, alphanumeric as CloudFormation wants. */
    private static String relayId(String what) {
        return ("CloudtestRelay" + what).replaceAll("[^A-Za-z0-9]", "");
    }

    private static List<Relayed> relayed(Template template) {
        List<Relayed> relayed = new ArrayList<>();
        for (Template.Resource topic : template.resources().values()) {
            if (!topic.type().equals("AWS::SNS::Topic")) {
                continue;
            }
            int n = 0;
            for (JsonNode entry : topic.properties().path("Subscription")) {
                n++;
                if (entry.path("Protocol").asText("").equalsIgnoreCase("lambda")) {
                    relayed.add(new Relayed(
                            topic.logicalId(),
                            "Subscription." + n,
                            "sns-lambda-inline",
                            entry.path("Endpoint"),
                            entry,
                            relayId(topic.logicalId() + "Subscription" + n)));
                }
            }
        }
        for (Template.Resource sub : template.resources().values()) {
            if (sub.type().equals("AWS::SNS::Subscription")
                    && sub.properties().path("Protocol").asText("").equalsIgnoreCase("lambda")) {
                relayed.add(new Relayed(
                        sub.logicalId(),
                        sub.logicalId(),
                        "sns-lambda",
                        sub.properties().path("Endpoint"),
                        sub.properties(),
                        subscriptionRelay(sub.logicalId())));
            }
        }
        for (Template.Resource bucket : template.resources().values()) {
            if (!bucket.type().equals("AWS::S3::Bucket")) {
                continue;
            }
            int n = 0;
            for (JsonNode entry :
                    bucket.properties().path("NotificationConfiguration").path("LambdaConfigurations")) {
                n++;
                relayed.add(new Relayed(
                        bucket.logicalId(),
                        "LambdaConfigurations." + n,
                        "s3-lambda",
                        entry.path("Function"),
                        entry,
                        bucketRelay(bucket.logicalId(), n)));
            }
        }
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
                    String queueId = relayId(rule.logicalId() + n);
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
            if (r.kind().equals("sns-lambda")) {
                invokeLocally(
                        r, RelayEvents.lambdaSnsEvent(event, stack.physicalIds().getOrDefault(r.rule(), "")));
                return;
            }
            if (r.kind().equals("s3-lambda")) {
                // S3 sends the event Lambda gets; the test event of a new configuration reaches no function
                if (!event.contains("\"s3:TestEvent\"")) {
                    invokeLocally(r, RelayEvents.s3Event(event));
                }
                return;
            }
            if (r.kind().equals("s3-lambda")) {
                // S3 sends the event Lambda gets; the test event of a new configuration reaches no function
                if (!event.contains("\"s3:TestEvent\"")) {
                    invokeLocally(r, RelayEvents.s3Event(event));
                }
                return;
            }
            if (r.kind().equals("sns-lambda-inline")) {
                invokeLocally(r, RelayEvents.lambdaSnsEvent(event, inlineSubscriptionArn(r)));
                return;
            }
            String input = RelayEvents.input(r.target(), event);
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

        /** The ARN of the subscription moto made for the relay of a topic's own Subscription entry. */
        private String inlineSubscriptionArn(Relayed r) {
            String queue = stack.physicalIds().get(r.queueId());
            String queueArn = "arn:aws:sqs:" + session.region() + ":" + session.accountId() + ":"
                    + queue.substring(queue.lastIndexOf('/') + 1);
            return session
                    .client(SnsClient.class)
                    .listSubscriptionsByTopic(l -> l.topicArn(stack.physicalId(r.rule())))
                    .subscriptions()
                    .stream()
                    .filter(s -> queueArn.equals(s.endpoint()))
                    .map(software.amazon.awssdk.services.sns.model.Subscription::subscriptionArn)
                    .findFirst()
                    .orElse("");
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
}
