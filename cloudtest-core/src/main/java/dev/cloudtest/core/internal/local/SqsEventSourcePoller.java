package dev.cloudtest.core.internal.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.LocalFunctionException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source mapping, run locally: long-polls the queue, invokes the function with a batch in Lambda's
 * {@code SQSEvent} shape, and deletes what succeeded. A failed invocation leaves the whole batch to come back after
 * the visibility timeout (and to the queue's dead-letter queue after {@code maxReceiveCount}, which the queue itself
 * enforces); with {@code ReportBatchItemFailures} only the reported messages stay.
 */
final class SqsEventSourcePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSourcePoller.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Short long-polls, so that the poller stops within this (and a round trip) when its stack goes. */
    private static final int WAIT_SECONDS = 1;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final LocalFunction function;
    private final int batchSize;
    private final boolean reportBatchItemFailures;
    private final Thread thread;
    private volatile boolean running = true;

    SqsEventSourcePoller(
            SqsClient sqs,
            String queueUrl,
            String queueArn,
            String region,
            LocalFunction function,
            int batchSize,
            boolean reportBatchItemFailures) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.function = function;
        this.batchSize = Math.max(1, Math.min(10, batchSize));
        this.reportBatchItemFailures = reportBatchItemFailures;
        this.thread = new Thread(this::poll, "cloudtest-sqs-" + function.functionName());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void poll() {
        while (running) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                                .maxNumberOfMessages(batchSize)
                                .waitTimeSeconds(WAIT_SECONDS)
                                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                                .messageAttributeNames("All"))
                        .messages();
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("cloudtest: polling {} for {} failed: {}", queueArn, function.logicalId(), e.getMessage());
                    pause();
                }
                continue;
            }
            if (!messages.isEmpty() && running) {
                deliver(messages);
            }
        }
    }

    private void deliver(List<Message> messages) {
        Set<String> failed = new HashSet<>();
        try {
            String result = function.invoke(event(messages));
            if (reportBatchItemFailures) {
                failed.addAll(reportedFailures(result, messages));
            }
        } catch (LocalFunctionException e) {
            LOG.warn(
                    "cloudtest: {} failed a batch of {} from {}; the messages return after the visibility timeout: "
                            + "{}: {}",
                    function.logicalId(),
                    messages.size(),
                    queueArn,
                    e.errorType(),
                    e.errorMessage());
            return;
        } catch (IllegalStateException e) {
            return; // stopped while delivering
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(done.size()))
                        .receiptHandle(message.receiptHandle())
                        .build());
            }
        }
        if (!done.isEmpty()) {
            try {
                sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
            } catch (RuntimeException e) {
                LOG.warn("cloudtest: could not delete processed messages from {}: {}", queueArn, e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            LOG.info(
                    "cloudtest: {} reported {} of {} messages as failed",
                    function.logicalId(),
                    failed.size(),
                    messages.size());
        }
    }

    /** Lambda's rule: a response it cannot read, or an unknown or empty id, fails the whole batch. */
    static Set<String> reportedFailures(String result, List<Message> messages) {
        Set<String> all = new HashSet<>();
        messages.forEach(m -> all.add(m.messageId()));
        if (result == null || result.isBlank() || result.equals("null")) {
            return Set.of();
        }
        try {
            JsonNode failures = MAPPER.readTree(result).path("batchItemFailures");
            Set<String> reported = new HashSet<>();
            for (JsonNode failure : failures) {
                String id = failure.path("itemIdentifier").asText("");
                if (!all.contains(id)) {
                    return all;
                }
                reported.add(id);
            }
            return reported;
        } catch (Exception e) {
            return all;
        }
    }

    private String event(List<Message> messages) {
        ObjectNode event = MAPPER.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            for (Map.Entry<String, MessageAttributeValue> a :
                    message.messageAttributes().entrySet()) {
                ObjectNode value = messageAttributes.putObject(a.getKey());
                value.put("stringValue", a.getValue().stringValue());
                if (a.getValue().binaryValue() != null) {
                    value.put(
                            "binaryValue",
                            Base64.getEncoder()
                                    .encodeToString(a.getValue().binaryValue().asByteArray()));
                }
                ArrayNode strings = value.putArray("stringListValues");
                a.getValue().stringListValues().forEach(strings::add);
                value.putArray("binaryListValues");
                value.put("dataType", a.getValue().dataType());
            }
            record.put("md5OfBody", message.md5OfBody());
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return event.toString();
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(500); // back off after a failed poll; not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops polling; {@link #close()} waits for the thread. */
    void stop() {
        running = false;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS + 5L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
