package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.LocalFunctionException;
import dev.cloudtest.core.internal.Loggers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source mapping, run locally: long-polls the queue, invokes the function with a batch in Lambda's
 * {@code SQSEvent} shape, and deletes what succeeded. A failed invocation leaves the whole batch to come back after
 * the visibility timeout (and to the queue's dead-letter queue after {@code maxReceiveCount}, which the queue itself
 * enforces); with {@code ReportBatchItemFailures} only the reported messages stay.
 *
 * <p>With a batching window ({@code MaximumBatchingWindowInSeconds}), it keeps receiving after the first messages
 * until the batch holds {@code BatchSize} messages, the window has passed, or the next messages would take the records
 * beyond Lambda's 6 MB invocation payload (records counted with their attributes); those are carried into the next
 * batch.
 */
final class SqsEventSourcePoller implements AutoCloseable {
    private static final Logger LOG = Loggers.get(SqsEventSourcePoller.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Short long-polls, so that the poller stops within this (and a round trip) when its stack goes. */
    private static final int WAIT_SECONDS = 1;
    /** What one ReceiveMessage (and one DeleteMessageBatch) takes at most. */
    static final int SQS_BATCH_LIMIT = 10;
    /** Lambda's limit for a synchronous invocation's payload, against which the records' sizes are counted. */
    static final long PAYLOAD_LIMIT_BYTES = 6L * 1024 * 1024;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final LocalFunction function;
    private final Batching batching;
    private final boolean reportBatchItemFailures;
    private final Thread thread;
    private volatile boolean running = true;
    /** Received messages that did not fit the last batch's payload; only the polling thread touches them. */
    private final List<Message> carried = new ArrayList<>();

    SqsEventSourcePoller(
            SqsClient sqs,
            String queueUrl,
            String queueArn,
            String region,
            LocalFunction function,
            Batching batching,
            boolean reportBatchItemFailures) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.function = function;
        this.batching = batching;
        this.reportBatchItemFailures = reportBatchItemFailures;
        this.thread = new Thread(this::poll, "cloudtest-sqs-" + function.functionName());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void poll() {
        while (running) {
            List<Message> batch = gather();
            if (!batch.isEmpty() && running) {
                deliver(batch);
            }
        }
    }

    /**
     * The next batch: the carried messages, then whatever arrives until the batch is full, the window since its first
     * message has passed (at once for a window of 0), or the next messages would exceed the payload limit.
     */
    private List<Message> gather() {
        List<Message> batch = new ArrayList<>();
        long bytes = 0;
        List<Message> pending = new ArrayList<>(carried);
        carried.clear();
        boolean started = false;
        long deadline = 0;
        while (running) {
            if (pending.isEmpty()) {
                long remaining = started ? deadline - System.nanoTime() : Long.MAX_VALUE;
                if (batch.size() >= batching.size() || remaining <= 0) {
                    break;
                }
                // At most a second, so that stop() is honoured soon; not beyond the window (SQS waits whole seconds).
                int wait = remaining >= TimeUnit.SECONDS.toNanos(WAIT_SECONDS) ? WAIT_SECONDS : 0;
                pending = receive(Math.min(SQS_BATCH_LIMIT, batching.size() - batch.size()), wait);
                if (pending.isEmpty()) {
                    if (wait == 0) {
                        sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(remaining) + 1, 100)); // short polls: no spin
                    }
                    continue;
                }
            }
            if (!started) {
                started = true;
                deadline = System.nanoTime() + batching.window().toNanos();
            }
            int fitting = Math.min(fittingPayload(batch.isEmpty(), bytes, pending), batching.size() - batch.size());
            for (Message message : pending.subList(0, fitting)) {
                batch.add(message);
                bytes += recordBytes(message);
            }
            if (fitting < pending.size()) {
                carried.addAll(pending.subList(fitting, pending.size()));
                break;
            }
            pending = List.of();
        }
        return batch;
    }

    private List<Message> receive(int max, int waitSeconds) {
        try {
            return sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                            .maxNumberOfMessages(max)
                            .waitTimeSeconds(waitSeconds)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                    .messages();
        } catch (RuntimeException e) {
            if (running) {
                LOG.warn("cloudtest: polling {} for {} failed: {}", queueArn, function.logicalId(), e.getMessage());
                sleep(500); // back off after a failed poll
            }
            return List.of();
        }
    }

    /**
     * How many of {@code received}, in order, still fit a batch whose records take {@code batchBytes} under Lambda's
     * payload limit. The first message of an empty batch always fits (SQS bodies are far below the limit), so that a
     * batch is never empty.
     */
    static int fittingPayload(boolean batchEmpty, long batchBytes, List<Message> received) {
        long bytes = batchBytes;
        for (int i = 0; i < received.size(); i++) {
            bytes += recordBytes(received.get(i));
            if (bytes > PAYLOAD_LIMIT_BYTES && !(batchEmpty && i == 0)) {
                return i;
            }
        }
        return received.size();
    }

    /**
     * What a message adds to the event: its body and everything its record carries besides (receipt handle,
     * attributes, message attributes, base64-encoded binaries, the fixed keys and the queue ARN, which stay under
     * {@link #RECORD_OVERHEAD_BYTES}).
     */
    static long recordBytes(Message message) {
        long bytes = RECORD_OVERHEAD_BYTES
                + escaped(message.body())
                + utf8(message.receiptHandle())
                + utf8(message.messageId())
                + utf8(message.md5OfBody())
                + utf8(message.md5OfMessageAttributes());
        for (Map.Entry<String, String> attribute : message.attributesAsStrings().entrySet()) {
            bytes += utf8(attribute.getKey()) + utf8(attribute.getValue()) + 6;
        }
        for (Map.Entry<String, MessageAttributeValue> attribute :
                message.messageAttributes().entrySet()) {
            MessageAttributeValue value = attribute.getValue();
            bytes += 120 + utf8(attribute.getKey()) + utf8(value.stringValue()) + utf8(value.dataType());
            if (value.binaryValue() != null) {
                bytes += (value.binaryValue().asByteArray().length + 2) / 3 * 4L;
            }
        }
        return bytes;
    }

    /** The keys of a record, its event source, ARN and region: generously, as they depend on the queue's name. */
    static final long RECORD_OVERHEAD_BYTES = 600;

    /** A body's size inside the event's JSON, where quotes, backslashes and control characters are escaped. */
    private static long escaped(String text) {
        return text == null ? 0 : JsonStringEncoder.getInstance().quoteAsUTF8(text).length;
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
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
        List<Message> done =
                messages.stream().filter(m -> !failed.contains(m.messageId())).toList();
        for (List<Message> chunk : chunks(done, SQS_BATCH_LIMIT)) {
            delete(chunk);
        }
        if (!failed.isEmpty()) {
            LOG.info(
                    "cloudtest: {} reported {} of {} messages as failed",
                    function.logicalId(),
                    failed.size(),
                    messages.size());
        }
    }

    private void delete(List<Message> chunk) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (Message message : chunk) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(entries.size()))
                    .receiptHandle(message.receiptHandle())
                    .build());
        }
        try {
            DeleteMessageBatchResponse response =
                    sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                LOG.warn(
                        "cloudtest: could not delete {} processed messages from {}; they return after the visibility "
                                + "timeout: {}",
                        response.failed().size(),
                        queueArn,
                        response.failed().get(0).message());
            }
        } catch (RuntimeException e) {
            LOG.warn("cloudtest: could not delete processed messages from {}: {}", queueArn, e.getMessage());
        }
    }

    /** {@code items} in consecutive chunks of at most {@code size}, in order. */
    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
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

    private void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis); // pacing of polls; not synchronisation
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

    /**
     * How a mapping batches ({@code BatchSize}, {@code MaximumBatchingWindowInSeconds}), checked as Lambda checks
     * them, so that a mapping AWS would reject does not quietly run locally.
     */
    record Batching(int size, Duration window) {
        static final int DEFAULT_SIZE = 10;
        static final int MAX_SIZE = 10_000;
        static final int MAX_WINDOW_SECONDS = 300;

        /**
         * The batching of a mapping's resolved properties.
         *
         * @param mapping names the mapping in messages, e.g. "Template t.yaml: event source mapping WorkMapping"
         * @param fifo whether the source is a FIFO queue (at most 10 messages a batch, no window)
         * @throws ConfigurationException for values Lambda refuses, naming the value and the allowed range
         */
        static Batching of(String mapping, JsonNode properties, boolean fifo) {
            int size = wholeNumber(mapping, properties, "BatchSize", DEFAULT_SIZE);
            int window = wholeNumber(mapping, properties, "MaximumBatchingWindowInSeconds", 0);
            if (size < 1 || size > MAX_SIZE) {
                throw new ConfigurationException(mapping + " has BatchSize " + size + "; Lambda accepts 1 to "
                        + MAX_SIZE + " for a standard queue (1 to " + SQS_BATCH_LIMIT + " for a FIFO queue). Set "
                        + "BatchSize within that range.");
            }
            if (window < 0 || window > MAX_WINDOW_SECONDS) {
                throw new ConfigurationException(mapping + " has MaximumBatchingWindowInSeconds " + window
                        + "; Lambda accepts 0 to " + MAX_WINDOW_SECONDS + ". Set it within that range.");
            }
            if (fifo && size > SQS_BATCH_LIMIT) {
                throw new ConfigurationException(mapping + " has BatchSize " + size + " for a FIFO queue; Lambda "
                        + "accepts 1 to " + SQS_BATCH_LIMIT + " for a FIFO queue. Set BatchSize to "
                        + SQS_BATCH_LIMIT + " or less.");
            }
            if (fifo && window > 0) {
                throw new ConfigurationException(mapping + " has MaximumBatchingWindowInSeconds " + window
                        + " for a FIFO queue; Lambda supports no batching window for FIFO queues. Remove "
                        + "MaximumBatchingWindowInSeconds or set it to 0.");
            }
            if (size > SQS_BATCH_LIMIT && window == 0) {
                throw new ConfigurationException(mapping + " has BatchSize " + size + " without a batching window "
                        + "(MaximumBatchingWindowInSeconds 0); AWS rejects this mapping, because Lambda requires a "
                        + "window of at least 1 second for a BatchSize over " + SQS_BATCH_LIMIT + ". Set "
                        + "MaximumBatchingWindowInSeconds to 1 to " + MAX_WINDOW_SECONDS + ", or BatchSize to "
                        + SQS_BATCH_LIMIT + " or less.");
            }
            return new Batching(size, Duration.ofSeconds(window));
        }

        private static int wholeNumber(String mapping, JsonNode properties, String name, int absent) {
            JsonNode value = properties.path(name);
            if (value.isMissingNode() || value.isNull()) {
                return absent;
            }
            if (value.isIntegralNumber() && value.canConvertToInt()) {
                return value.intValue();
            }
            try {
                return Integer.parseInt(value.asText().strip());
            } catch (NumberFormatException e) {
                throw new ConfigurationException(
                        mapping + " has " + name + " '" + value.asText() + "', which is not a whole number.");
            }
        }

        /** For the log: "batch size 25, window 2 s". */
        String describe() {
            return "batch size " + size + (window.isZero() ? "" : ", window " + window.toSeconds() + " s");
        }
    }
}
