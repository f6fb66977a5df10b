package dev.cloudtest.core.internal.moto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
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
 *       target points at the relay; cloudtest applies its {@code Input}, {@code InputPath} or {@code
 *       InputTransformer} as EventBridge does ({@code TargetInput}) and delivers: SNS {@code Publish}, Step Functions {@code
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

    /** What a relay stands for. */
    private enum Kind {
        /** An EventBridge rule target that is a Lambda function. */
        RULE_TO_LAMBDA("lambda"),
        /** An EventBridge rule target that is an SNS topic. */
        RULE_TO_SNS("sns"),
        /** An EventBridge rule target that is a Step Functions state machine. */
        RULE_TO_STATES("states"),
        /** An {@code AWS::SNS::Subscription} with protocol {@code lambda}. */
        SUBSCRIPTION("lambda subscription"),
        /** A {@code lambda} entry of a topic's own {@code Subscription} property. */
        TOPIC_SUBSCRIPTION("lambda subscription"),
        /** A bucket's {@code LambdaConfigurations} entry. */
        BUCKET_NOTIFICATION("Lambda notification");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * A delivery moto cannot make.
     *
     * @param owner the rule, subscription, topic or bucket it belongs to
     * @param targetId the rule target's {@code Id}; for the others a label of the entry
     * @param index the entry's position (from 0) in the owner's list, for topic subscriptions
     * @param arn the real target as written ({@code Arn}, {@code Endpoint} or {@code Function})
     * @param target the target's or entry's properties
     * @param queueId the relay queue's logical id
     */
    private record Relayed(
            Kind kind, String owner, String targetId, int index, JsonNode arn, JsonNode target, String queueId) {}

    @Override
    public List<String> describe(PreparedStack stack) {
        return relayed(stack.template()).stream()
                .map(r -> describe(r) + " is one moto cannot deliver to: cloudtest relays its messages through the "
                        + "queue " + r.queueId())
                .toList();
    }

    private static String describe(Relayed r) {
        return switch (r.kind()) {
            case SUBSCRIPTION -> "subscription " + r.owner() + " (protocol lambda)";
            case TOPIC_SUBSCRIPTION -> "subscription " + r.targetId() + " of topic " + r.owner() + " (protocol lambda)";
            case BUCKET_NOTIFICATION -> "bucket " + r.owner() + " " + r.targetId() + " (Lambda notification)";
            default -> "target " + r.targetId() + " (" + r.kind().label + ") of rule " + r.owner();
        };
    }

    @Override
    public void check(PreparedStack stack) {
        for (Relayed r : relayed(stack.template())) {
            dev.cloudtest.core.internal.template.TargetInput.checkPaths(
                    r.target(), "Target " + r.targetId() + " of rule " + r.owner());
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
            JsonNode owner = resources.path(r.owner()).path("Properties");
            switch (r.kind()) {
                case TOPIC_SUBSCRIPTION -> {
                    // the topic's own Subscription entry: moto subscribes the relay (an SNS envelope) instead
                    ObjectNode entry = (ObjectNode) owner.path("Subscription").path(r.index());
                    entry.put("Protocol", "sqs");
                    entry.set("Endpoint", relayArn(r));
                }
                case RULE_TO_LAMBDA, RULE_TO_SNS, RULE_TO_STATES -> {
                    ObjectNode target = (ObjectNode) owner.path("Targets").path(r.index());
                    target.set("Arn", relayArn(r));
                    target.remove(List.of(
                            "Input", "InputPath", "InputTransformer", "RoleArn", "RetryPolicy", "DeadLetterConfig"));
                }
                default -> {} // the subscription (SnsSubscriptions) and the bucket (MotoBucketNotifications) do it
            }
            ObjectNode queue = resources.putObject(r.queueId());
            queue.put("Type", "AWS::SQS::Queue");
            queue.putObject("Properties").put("VisibilityTimeout", 5);
        }
        return template.withJson(json);
    }

    /** {@code Fn::GetAtt} of the relay queue's ARN. */
    private static JsonNode relayArn(Relayed r) {
        return MAPPER.createObjectNode()
                .set("Fn::GetAtt", MAPPER.createArrayNode().add(r.queueId()).add("Arn"));
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
        Relay relay = new Relay(stack, prepared.template(), byQueue, arns);
        relays.put(stack.stackId(), relay);
        relay.start();
        LOG.info(
                "cloudtest: {}: relaying {} delivery(ies) moto cannot make: {}",
                stack.name(),
                relayed.size(),
                relayed.stream().map(MotoRelays::describe).toList());
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
        for (Template.Resource resource : template.resources().values()) {
            String id = resource.logicalId();
            JsonNode p = resource.properties();
            switch (resource.type()) {
                case "AWS::SNS::Topic" -> {
                    JsonNode entries = p.path("Subscription");
                    for (int i = 0; i < entries.size(); i++) {
                        JsonNode entry = entries.get(i);
                        if (entry.path("Protocol").asText("").equalsIgnoreCase("lambda")) {
                            relayed.add(new Relayed(
                                    Kind.TOPIC_SUBSCRIPTION,
                                    id,
                                    "Subscription." + (i + 1),
                                    i,
                                    entry.path("Endpoint"),
                                    entry,
                                    relayId(id + "Subscription" + (i + 1))));
                        }
                    }
                }
                case "AWS::SNS::Subscription" -> {
                    if (p.path("Protocol").asText("").equalsIgnoreCase("lambda")) {
                        relayed.add(new Relayed(
                                Kind.SUBSCRIPTION, id, id, 0, p.path("Endpoint"), p, subscriptionRelay(id)));
                    }
                }
                case "AWS::S3::Bucket" -> {
                    JsonNode entries = p.path("NotificationConfiguration").path("LambdaConfigurations");
                    for (int i = 0; i < entries.size(); i++) {
                        JsonNode entry = entries.get(i);
                        relayed.add(new Relayed(
                                Kind.BUCKET_NOTIFICATION,
                                id,
                                "LambdaConfigurations." + (i + 1),
                                i,
                                entry.path("Function"),
                                entry,
                                bucketRelay(id, i + 1)));
                    }
                }
                case "AWS::Events::Rule" -> {
                    JsonNode targets = p.path("Targets");
                    for (int i = 0; i < targets.size(); i++) {
                        JsonNode target = targets.get(i);
                        Kind kind = kind(target.path("Arn"), template);
                        if (kind != null) {
                            relayed.add(new Relayed(
                                    kind,
                                    id,
                                    target.path("Id").asText("target" + (i + 1)),
                                    i,
                                    target.path("Arn"),
                                    target,
                                    relayId(id + (i + 1))));
                        }
                    }
                }
                default -> {}
            }
        }
        return relayed;
    }

    /** The kind of a rule target moto cannot deliver to; null for the others. */
    private static Kind kind(JsonNode arn, Template template) {
        String referenced =
                arn.path("Ref").asText(arn.path("Fn::GetAtt").path(0).asText(""));
        Template.Resource resource = template.resources().get(referenced);
        String service;
        if (resource != null) {
            service = switch (resource.type()) {
                case "AWS::Lambda::Function", "AWS::Lambda::Alias" -> "lambda";
                case "AWS::SNS::Topic" -> "sns";
                case "AWS::StepFunctions::StateMachine" -> "states";
                default -> "";
            };
        } else {
            String[] parts =
                    (arn.isTextual() ? arn.asText() : arn.path("Fn::Sub").asText("")).split(":");
            service = parts.length > 2 && parts[0].equals("arn") ? parts[2].toLowerCase(Locale.ROOT) : "";
        }
        return switch (service) {
            case "lambda" -> Kind.RULE_TO_LAMBDA;
            case "sns" -> Kind.RULE_TO_SNS;
            case "states" -> Kind.RULE_TO_STATES;
            default -> null;
        };
    }

    /** Reads a stack's relay queues and delivers each event to its real target. */
    private final class Relay {
        private final Stack stack;
        private final Template template;
        private final Map<String, Relayed> byQueue;
        private final Map<String, String> arns;
        /** One long-polling thread per relay queue: a delivery waits for no other queue's poll. */
        private final List<Thread> threads = new ArrayList<>();

        private volatile boolean running = true;

        Relay(Stack stack, Template template, Map<String, Relayed> byQueue, Map<String, String> arns) {
            this.stack = stack;
            this.template = template;
            this.byQueue = byQueue;
            this.arns = arns;
            byQueue.keySet().forEach(queueUrl -> {
                Thread thread = new Thread(() -> poll(queueUrl), "cloudtest-relay-" + stack.name());
                thread.setDaemon(true);
                threads.add(thread);
            });
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stop() {
            running = false;
            threads.forEach(Thread::interrupt);
            for (Thread thread : threads) {
                try {
                    thread.join(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void poll(String queueUrl) {
            SqsClient sqs = session.client(SqsClient.class);
            Relayed relayed = byQueue.get(queueUrl);
            while (running) {
                try {
                    for (Message message : sqs.receiveMessage(r ->
                                    r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                            .messages()) {
                        deliver(relayed, arns.get(queueUrl), message.body());
                        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                    }
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warn(
                                "cloudtest: {}: relaying target {} of {} failed (retried): {}",
                                stack.name(),
                                relayed.targetId(),
                                relayed.owner(),
                                e.toString());
                        pause();
                    }
                }
            }
        }

        /** After a failed poll: not a busy loop against an emulator that is going away. */
        private void pause() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }

        private void deliver(Relayed r, String arn, String event) {
            switch (r.kind()) {
                case SUBSCRIPTION ->
                    invokeLocally(
                            r,
                            RelayEvents.lambdaSnsEvent(
                                    event, stack.physicalIds().getOrDefault(r.owner(), "")));
                case TOPIC_SUBSCRIPTION -> invokeLocally(r, RelayEvents.lambdaSnsEvent(event, topicSubscriptionArn(r)));
                case BUCKET_NOTIFICATION -> {
                    // S3 sends the event Lambda gets; the test event of a new configuration reaches no function
                    if (!event.contains("\"s3:TestEvent\"")) {
                        invokeLocally(r, RelayEvents.s3Event(event));
                    }
                }
                case RULE_TO_SNS ->
                    session.client(SnsClient.class)
                            .publish(p -> p.topicArn(arn).message(RelayEvents.input(r.target(), event)));
                case RULE_TO_STATES ->
                    session.client(SfnClient.class).startExecution(x -> x.stateMachineArn(arn)
                            .name("cloudtest-" + java.util.UUID.randomUUID())
                            .input(RelayEvents.input(r.target(), event)));
                case RULE_TO_LAMBDA -> invokeLocally(r, RelayEvents.input(r.target(), event));
            }
        }

        /** The ARN of the subscription moto made for the relay of a topic's own Subscription entry. */
        private String topicSubscriptionArn(Relayed r) {
            String queue = stack.physicalIds().get(r.queueId());
            String queueArn = dev.cloudtest.core.internal.template.IntrinsicResolver.queueArn(
                    session.region(), session.accountId(), queue);
            return session
                    .client(SnsClient.class)
                    .listSubscriptionsByTopic(l -> l.topicArn(stack.physicalId(r.owner())))
                    .subscriptions()
                    .stream()
                    .filter(s -> queueArn.equals(s.endpoint()))
                    .map(software.amazon.awssdk.services.sns.model.Subscription::subscriptionArn)
                    .findFirst()
                    .orElse("");
        }

        private void invokeLocally(Relayed r, String input) {
            String functionId = template.functionOf(r.arn()
                    .path("Ref")
                    .asText(r.arn().path("Fn::GetAtt").path(0).asText("")));
            try {
                if (localFunctions == null) {
                    throw new IllegalStateException("no local functions on this target");
                }
                // S3, SNS and EventBridge invoke asynchronously: Lambda's retries and destinations apply
                localFunctions.invokeAsync(stack, functionId, input);
            } catch (IllegalArgumentException | IllegalStateException e) {
                LOG.warn(
                        "cloudtest: {}: an event for target {} of {} is dropped: the function {} does not run "
                                + "locally ({})",
                        stack.name(),
                        r.targetId(),
                        r.owner(),
                        functionId,
                        e.getMessage());
            }
        }
    }
}
