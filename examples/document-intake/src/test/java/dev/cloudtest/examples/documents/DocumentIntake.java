package dev.cloudtest.examples.documents;

import static dev.cloudtest.core.journey.MessageCaptureAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.journey.CapturedMessage;
import dev.cloudtest.core.journey.MessageCapture;
import dev.cloudtest.core.journey.Probes;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The document-intake system as its journeys see it: the steps a user (or an upstream system) takes, and the
 * effects that must follow. Shared by the journey tests and by the test that proves they fail on a broken system.
 */
final class DocumentIntake {
    static final Duration QUIET = Duration.ofSeconds(2);

    final String bucket;
    final String prefix;
    final String intakeQueue;
    final String topic;
    final String bus;
    final String rejectedQueue;
    final String auditStateMachine;
    final String auditTable;
    final Probes probes;
    final S3Client s3;
    final EventBridgeClient events;
    final SfnClient stepFunctions;

    DocumentIntake(Map<String, String> outputs, Probes probes, S3Client s3, EventBridgeClient events, SfnClient sfn) {
        this.bucket = outputs.get("BucketName");
        this.prefix = outputs.get("IncomingPrefix");
        this.intakeQueue = outputs.get("IntakeQueueUrl");
        this.topic = outputs.get("TopicArn");
        this.bus = outputs.get("BusName");
        this.rejectedQueue = outputs.get("RejectedQueueUrl");
        this.auditStateMachine = outputs.get("StateMachineArn");
        this.auditTable = outputs.get("AuditTableName");
        this.probes = probes;
        this.s3 = s3;
        this.events = events;
        this.stepFunctions = sfn;
    }

    /** A user uploads a document. */
    void upload(String name, String content) {
        s3.putObject(r -> r.bucket(bucket).key(prefix + name), RequestBody.fromString(content));
    }

    /** The validator rejects a document: it publishes DocumentRejected on the documents bus. */
    void reject(String documentId, String reason) {
        publish("DocumentRejected", "{\"documentId\": \"" + documentId + "\", \"reason\": \"" + reason + "\"}");
    }

    /** The validator accepts a document. */
    void accept(String documentId) {
        publish("DocumentAccepted", "{\"documentId\": \"" + documentId + "\"}");
    }

    private void publish(String detailType, String detail) {
        var response = events.putEvents(r -> r.entries(PutEventsRequestEntry.builder()
                .eventBusName(bus)
                .source("documents.validator")
                .detailType(detailType)
                .detail(detail)
                .build()));
        assertThat(response.failedEntryCount()).as("failed PutEvents entries").isZero();
    }

    /** The audit trail records an action for a document; returns the execution ARN. */
    String audit(String documentId, String action, String executionName) {
        return stepFunctions
                .startExecution(r -> r.stateMachineArn(auditStateMachine)
                        .name(executionName)
                        .input("{\"documentId\": \"" + documentId + "\", \"action\": \"" + action + "\"}"))
                .executionArn();
    }

    static Predicate<CapturedMessage> s3EventFor(String fileName) {
        return m -> m.at("/Records/0/eventName").orElse("").startsWith("ObjectCreated")
                && decode(m.at("/Records/0/s3/object/key").orElse("")).endsWith(fileName);
    }

    static Predicate<CapturedMessage> eventFor(String detailType, String documentId) {
        return m -> m.at("/detail-type").orElse("").equals(detailType)
                && m.at("/detail/documentId").orElse("").equals(documentId);
    }

    /** Asserts the audit item of an execution exists with the action. */
    void assertAudited(String documentId, String executionArn, String executionName, String action) {
        probes.awaitExecution(executionArn, ExecutionStatus.SUCCEEDED);
        Map<String, AttributeValue> item = probes.awaitItem(
                auditTable,
                Map.of("documentId", AttributeValue.fromS(documentId), "auditId", AttributeValue.fromS(executionName)));
        assertThat(item).containsEntry("action", AttributeValue.fromS(action));
    }

    MessageCapture intakeQueue() {
        return probes.queue(intakeQueue);
    }

    MessageCapture rejectedQueue() {
        return probes.queue(rejectedQueue);
    }

    MessageCapture topicCapture() {
        return probes.topic(topic);
    }

    /** S3 event keys are URL-encoded (moto also encodes '/'). */
    private static String decode(String key) {
        return java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8);
    }

    static void expectNothing(MessageCapture capture, String what, Predicate<CapturedMessage> matching) {
        assertThat(capture).during(QUIET).hasNoMessageMatching(what, matching);
    }
}
