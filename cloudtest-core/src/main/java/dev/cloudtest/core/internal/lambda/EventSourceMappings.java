package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The template's {@code AWS::Lambda::EventSourceMapping}s of local functions, run locally: SQS queues ({@link
 * SqsEventSourcePoller}), DynamoDB streams and Kinesis data streams ({@link StreamEventSourcePoller}). A deployed twin
 * is disabled, so that only the local poller consumes; on moto a stream mapping is not deployed at all ({@link
 * #isStream}: moto would consume the stream itself, trying to run the function in Docker).
 */
final class EventSourceMappings {
    private static final Logger LOG = Loggers.get(EventSourceMappings.class);
    static final Pattern DYNAMODB_STREAM = Pattern.compile("arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table/[^/]+/stream/.+");
    static final Pattern KINESIS_STREAM = Pattern.compile("arn:aws[a-z-]*:kinesis:[^:]*:[^:]*:stream/.+");

    private EventSourceMappings() {}

    /** Whether a mapping reads a DynamoDB or Kinesis stream, told from the template alone. */
    static boolean isStream(Template template, Template.Resource mapping) {
        JsonNode source = mapping.properties().path("EventSourceArn");
        String written = source.toString();
        if (written.contains(":dynamodb:") || written.contains(":kinesis:") || written.contains("StreamArn")) {
            return true;
        }
        return template.resources().values().stream()
                .filter(r -> r.type().equals("AWS::Kinesis::Stream")
                        || r.type().equals("AWS::DynamoDB::Table")
                        || r.type().equals("AWS::DynamoDB::GlobalTable"))
                .anyMatch(r -> Template.references(source, r.logicalId()));
    }

    /**
     * Starts the local poller of a mapping, when its function runs locally and it is enabled.
     *
     * @return the poller, to close with the stack
     */
    static Optional<AutoCloseable> start(
            Template.Resource resource,
            Template template,
            Stack stack,
            IntrinsicResolver resolver,
            CloudSession session,
            Map<String, FunctionProcess> functions,
            AsyncInvocations destinations) {
        JsonNode properties = resolver.resolve(resource.properties());
        if (!properties.path("Enabled").asText("true").equals("true")) {
            return Optional.empty();
        }
        String target = properties.path("FunctionName").asText("");
        // FunctionName in any form Lambda takes (name, ARN, partial or qualified ARN, name:alias), as Invoke does
        String name = InvokeRouter.nameAndQualifier(target).get(0);
        Optional<FunctionProcess> function = functions.values().stream()
                .filter(f -> name.equals(f.functionName()) || target.equals(f.logicalId()))
                .findFirst();
        if (function.isEmpty()) {
            return Optional.empty();
        }
        String source = properties.path("EventSourceArn").asText("");
        if (FunctionPlan.SQS_ARN.matcher(source).lookingAt()) {
            disableDeployed(resource, stack, session);
            return Optional.of(sqs(resource, template, properties, source, session, function.get()));
        }
        if (!isStream(template, resource)) {
            return Optional.empty();
        }
        String arn = streamArn(resource, resolver, session, source);
        disableDeployed(resource, stack, session);
        StreamRecords records = arn.contains(":kinesis:")
                ? StreamRecords.kinesis(
                        session.client(KinesisClient.class),
                        arn,
                        session.region(),
                        "arn:aws:iam::" + session.accountId() + ":role/"
                                + function.get().functionName())
                : StreamRecords.dynamodb(session.client(DynamoDbStreamsClient.class), arn, session.region());
        StreamEventSourcePoller.Settings settings =
                StreamEventSourcePoller.Settings.of(resource.logicalId(), properties);
        String functionArn = "arn:aws:lambda:" + session.region() + ":" + session.accountId() + ":function:"
                + function.get().functionName();
        StreamEventSourcePoller poller = new StreamEventSourcePoller(
                records, function.get(), functionArn, settings, (to, record) -> destinations.send(to, record, false));
        poller.start();
        LOG.info(
                "cloudtest: polling {} for local function {} (batch {}, window {} s, from {}{}{}{})",
                arn,
                function.get().logicalId(),
                settings.batchSize(),
                settings.window().toSeconds(),
                settings.startingPosition(),
                settings.filters().isEmpty() ? "" : ", " + settings.filters().size() + " filter(s)",
                settings.bisect() ? ", bisect" : "",
                settings.reportBatchItemFailures() ? ", ReportBatchItemFailures" : "");
        return Optional.of(poller);
    }

    /** A DynamoDB table's stream ARN: what the mapping names, or the table's latest stream. */
    private static String streamArn(
            Template.Resource mapping, IntrinsicResolver resolver, CloudSession session, String resolved) {
        if (DYNAMODB_STREAM.matcher(resolved).matches()
                || KINESIS_STREAM.matcher(resolved).matches()) {
            return resolved;
        }
        JsonNode getAtt = mapping.properties().path("EventSourceArn").path("Fn::GetAtt");
        String table =
                getAtt.isArray() ? getAtt.path(0).asText() : getAtt.asText("").split("\\.")[0];
        JsonNode name = resolver.resolve(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("Ref", table));
        return session.client(DynamoDbClient.class)
                .describeTable(r -> r.tableName(name.asText()))
                .table()
                .latestStreamArn();
    }

    private static void disableDeployed(Template.Resource resource, Stack stack, CloudSession session) {
        String uuid = stack.physicalIds().get(resource.logicalId());
        if (uuid == null) {
            return; // not deployed (a stream mapping on moto)
        }
        try {
            session.client(LambdaClient.class)
                    .updateEventSourceMapping(r -> r.uuid(uuid).enabled(false));
        } catch (RuntimeException e) {
            LOG.warn(
                    "cloudtest: could not disable the deployed event source mapping {} ({}); it may compete with the "
                            + "local poller: {}",
                    resource.logicalId(),
                    uuid,
                    e.getMessage());
        }
    }

    private static SqsEventSourcePoller sqs(
            Template.Resource resource,
            Template template,
            JsonNode properties,
            String source,
            CloudSession session,
            FunctionProcess function) {
        String queueName = source.substring(source.lastIndexOf(':') + 1);
        // What AWS refuses when it creates the mapping must not run here with other semantics (moto accepts it).
        SqsEventSourcePoller.Batching batching = SqsEventSourcePoller.Batching.of(
                "Template " + template.origin() + ": event source mapping " + resource.logicalId(),
                properties,
                queueName.endsWith(".fifo"));
        SqsClient sqs = session.client(SqsClient.class);
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
        boolean partial = false;
        for (JsonNode type : properties.path("FunctionResponseTypes")) {
            partial |= type.asText().equals("ReportBatchItemFailures");
        }
        SqsEventSourcePoller poller =
                new SqsEventSourcePoller(sqs, queueUrl, source, session.region(), function, batching, partial);
        poller.start();
        LOG.info(
                "cloudtest: polling {} for local function {} ({}{})",
                queueName,
                function.logicalId(),
                batching.describe(),
                partial ? ", ReportBatchItemFailures" : "");
        return poller;
    }
}
