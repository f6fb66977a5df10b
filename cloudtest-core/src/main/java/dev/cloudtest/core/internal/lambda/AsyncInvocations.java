package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.exception.LocalFunctionException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's asynchronous invocation for a stack's local functions, as the event sources that invoke asynchronously on
 * AWS (S3, SNS, EventBridge, schedules) get it: the event is queued and the call returns; a function error is retried
 * up to {@code MaximumRetryAttempts} times (default 2) after a delay that doubles (Lambda's 1 and 2 minutes, {@code
 * cloudtest.local-functions.retry-delay} here), unless the event is older than {@code MaximumEventAgeInSeconds}; then
 * the invocation record goes to the {@code OnFailure} destination of the function's {@code
 * AWS::Lambda::EventInvokeConfig} and the event to the function's {@code DeadLetterConfig} target; a success goes to
 * {@code OnSuccess}. Destinations may be SQS queues, SNS topics, event buses and (local) functions.
 */
final class AsyncInvocations implements AutoCloseable {
    private static final Logger LOG = Loggers.get(AsyncInvocations.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What Lambda does with one function's asynchronous invocations. */
    record Policy(
            int maximumRetryAttempts,
            Duration maximumEventAge,
            Optional<String> onSuccess,
            Optional<String> onFailure,
            Optional<String> deadLetter) {
        static final Policy DEFAULT =
                new Policy(2, Duration.ofHours(6), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private final Map<String, FunctionProcess> functions;
    private final Map<String, Policy> policies;
    private final CloudSession session;
    private final Duration firstRetryDelay;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "cloudtest-async-invoke");
        thread.setDaemon(true);
        return thread;
    });

    private AsyncInvocations(
            Map<String, FunctionProcess> functions,
            Map<String, Policy> policies,
            CloudSession session,
            Duration firstRetryDelay) {
        this.functions = functions;
        this.policies = policies;
        this.session = session;
        this.firstRetryDelay = firstRetryDelay;
    }

    /** The policies of the template's local functions, from its event invoke configs and dead-letter configs. */
    static AsyncInvocations of(
            Template template,
            IntrinsicResolver resolver,
            Map<String, FunctionProcess> functions,
            CloudSession session,
            Duration firstRetryDelay) {
        Map<String, Policy> policies = new LinkedHashMap<>();
        for (String logicalId : functions.keySet()) {
            Template.Resource function = template.resources().get(logicalId);
            Optional<String> deadLetter = text(
                    resolver, function.properties().path("DeadLetterConfig").path("TargetArn"));
            Policy policy = new Policy(
                    Policy.DEFAULT.maximumRetryAttempts(),
                    Policy.DEFAULT.maximumEventAge(),
                    Optional.empty(),
                    Optional.empty(),
                    deadLetter);
            for (Template.Resource config : template.resources().values()) {
                JsonNode p = config.properties();
                if (config.type().equals("AWS::Lambda::EventInvokeConfig")
                        && (Template.references(p.path("FunctionName"), logicalId)
                                || text(resolver, p.path("FunctionName"))
                                        .filter(functions.get(logicalId).functionName()::equals)
                                        .isPresent())) {
                    policy = new Policy(
                            p.path("MaximumRetryAttempts").asInt(2),
                            Duration.ofSeconds(
                                    p.path("MaximumEventAgeInSeconds").asLong(21600)),
                            text(
                                    resolver,
                                    p.path("DestinationConfig")
                                            .path("OnSuccess")
                                            .path("Destination")),
                            text(
                                    resolver,
                                    p.path("DestinationConfig")
                                            .path("OnFailure")
                                            .path("Destination")),
                            deadLetter);
                }
            }
            policies.put(logicalId, policy);
        }
        return new AsyncInvocations(functions, policies, session, firstRetryDelay);
    }

    private static Optional<String> text(IntrinsicResolver resolver, JsonNode value) {
        if (value.isMissingNode()) {
            return Optional.empty();
        }
        JsonNode resolved = resolver.resolve(value);
        return resolved != null && resolved.isTextual() ? Optional.of(resolved.asText()) : Optional.empty();
    }

    /** The policy of a local function. */
    Policy policy(String logicalId) {
        return policies.getOrDefault(logicalId, Policy.DEFAULT);
    }

    /** Queues an event for the function and returns at once, as an {@code Event} invocation does. */
    void invoke(String logicalId, String event) {
        FunctionProcess function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("no local function '" + logicalId + "'");
        }
        String requestId = UUID.randomUUID().toString();
        Instant queued = Instant.now();
        executor.execute(() -> attempt(function, event, 1, queued, requestId));
    }

    private void attempt(FunctionProcess function, String event, int attempt, Instant queued, String requestId) {
        Policy policy = policy(function.logicalId());
        String result;
        try {
            result = function.invoke(event);
        } catch (LocalFunctionException e) {
            Duration delay = firstRetryDelay.multipliedBy(1L << (attempt - 1));
            boolean tooOld = Instant.now().plus(delay).isAfter(queued.plus(policy.maximumEventAge()));
            if (attempt <= policy.maximumRetryAttempts() && !tooOld) {
                LOG.info(
                        "cloudtest: asynchronous invocation {} of {} failed ({}: {}); retry {} of {} in {}",
                        requestId,
                        function.logicalId(),
                        e.errorType(),
                        e.errorMessage(),
                        attempt,
                        policy.maximumRetryAttempts(),
                        delay);
                executor.schedule(
                        () -> attempt(function, event, attempt + 1, queued, requestId),
                        delay.toMillis(),
                        TimeUnit.MILLISECONDS);
                return;
            }
            String condition = tooOld ? "EventAgeExceeded" : "RetriesExhausted";
            LOG.warn(
                    "cloudtest: asynchronous invocation {} of {} failed after {} attempt(s) ({}): {}: {}",
                    requestId,
                    function.logicalId(),
                    attempt,
                    condition,
                    e.errorType(),
                    e.errorMessage());
            ObjectNode error = MAPPER.createObjectNode()
                    .put("errorMessage", e.errorMessage())
                    .put("errorType", e.errorType());
            e.stackTrace().forEach(error.putArray("stackTrace")::add);
            policy.onFailure()
                    .ifPresent(arn ->
                            send(arn, record(function, requestId, condition, attempt, event, error, true), false));
            policy.deadLetter().ifPresent(arn -> deadLetter(arn, event, requestId, e.errorMessage()));
            return;
        } catch (RuntimeException e) {
            LOG.warn("cloudtest: asynchronous invocation {} of {} failed: {}", requestId, function.logicalId(), e);
            return;
        }
        policy.onSuccess()
                .ifPresent(arn ->
                        send(arn, record(function, requestId, "Success", attempt, event, parse(result), false), true));
    }

    /** Lambda's invocation record, what a destination receives. */
    private String record(
            FunctionProcess function,
            String requestId,
            String condition,
            int attempts,
            String event,
            JsonNode response,
            boolean failed) {
        ObjectNode record = MAPPER.createObjectNode()
                .put("version", "1.0")
                .put("timestamp", Instant.now().toString());
        ObjectNode context = record.putObject("requestContext");
        context.put("requestId", requestId);
        context.put(
                "functionArn",
                "arn:aws:lambda:" + session.region() + ":" + session.accountId() + ":function:"
                        + function.functionName() + ":$LATEST");
        context.put("condition", condition);
        context.put("approximateInvokeCount", attempts);
        record.set("requestPayload", parse(event));
        ObjectNode responseContext = record.putObject("responseContext");
        responseContext.put("statusCode", 200);
        responseContext.put("executedVersion", "$LATEST");
        if (failed) {
            responseContext.put("functionError", "Unhandled");
        }
        record.set("responsePayload", response);
        return record.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? MAPPER.nullNode() : MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }

    /** Sends an invocation record to a destination, by the service its ARN names. */
    void send(String arn, String record, boolean success) {
        try {
            String[] parts = arn.split(":");
            switch (parts.length > 5 ? parts[2] : "") {
                case "sqs" -> sendToQueue(parts, record, Map.of());
                case "sns" ->
                    session.client(SnsClient.class).publish(p -> p.topicArn(arn).message(record));
                case "events" ->
                    session.client(EventBridgeClient.class)
                            .putEvents(r -> r.entries(e -> e.eventBusName(arn)
                                    .source("lambda")
                                    .detailType(
                                            success
                                                    ? "Lambda Function Invocation Result - Success"
                                                    : "Lambda Function Invocation Result - Failure")
                                    .detail(record)));
                case "lambda" -> {
                    String name = parts[6];
                    functions.values().stream()
                            .filter(f -> f.functionName().equals(name))
                            .findFirst()
                            .ifPresentOrElse(
                                    f -> invoke(f.logicalId(), record),
                                    () -> LOG.warn(
                                            "cloudtest: the destination function {} does not run locally; the "
                                                    + "invocation record is dropped",
                                            arn));
                }
                default -> LOG.warn("cloudtest: destination {} is not one Lambda supports; record dropped", arn);
            }
        } catch (RuntimeException e) {
            LOG.warn("cloudtest: sending the invocation record to {} failed: {}", arn, e.toString());
        }
    }

    /** The event to the function's dead-letter queue or topic, with Lambda's message attributes. */
    private void deadLetter(String arn, String event, String requestId, String errorMessage) {
        try {
            String[] parts = arn.split(":");
            if (parts.length > 5 && parts[2].equals("sqs")) {
                sendToQueue(
                        parts,
                        event,
                        Map.of(
                                "RequestID",
                                requestId,
                                "ErrorCode",
                                "200",
                                "ErrorMessage",
                                String.valueOf(errorMessage)));
            } else if (parts.length > 5 && parts[2].equals("sns")) {
                session.client(SnsClient.class).publish(p -> p.topicArn(arn)
                        .message(event)
                        .messageAttributes(Map.of(
                                "RequestID", snsAttribute("String", requestId),
                                "ErrorCode", snsAttribute("Number", "200"),
                                "ErrorMessage", snsAttribute("String", String.valueOf(errorMessage)))));
            }
        } catch (RuntimeException e) {
            LOG.warn("cloudtest: sending the failed event to the dead-letter target {} failed: {}", arn, e.toString());
        }
    }

    private static MessageAttributeValue snsAttribute(String type, String value) {
        return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
    }

    private void sendToQueue(String[] arn, String body, Map<String, String> attributes) {
        SqsClient sqs = session.client(SqsClient.class);
        String url = sqs.getQueueUrl(r -> r.queueName(arn[5]).queueOwnerAWSAccountId(arn[4]))
                .queueUrl();
        Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> values = new LinkedHashMap<>();
        attributes.forEach((name, value) -> values.put(
                name,
                software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                        .dataType(name.equals("ErrorCode") ? "Number" : "String")
                        .stringValue(value)
                        .build()));
        sqs.sendMessage(r -> r.queueUrl(url).messageBody(body).messageAttributes(values));
    }

    /** Ends pending retries; an invocation in flight ends with its function's JVM. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
