package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.exception.LocalFunctionException;
import dev.cloudtest.core.internal.Loggers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * A DynamoDB Streams or Kinesis event source mapping, run locally as Lambda's poller runs it: a thread per shard reads
 * from the starting position and invokes the function synchronously with batches of up to {@code BatchSize} records,
 * gathered for up to {@code MaximumBatchingWindowInSeconds}, in shard order. Records no {@code FilterCriteria} pattern
 * matches are skipped. A failing batch blocks its shard: it is retried until it succeeds, {@code
 * MaximumRetryAttempts} is used up or its oldest record is older than {@code MaximumRecordAgeInSeconds} (both
 * unlimited by default, as on AWS); with {@code BisectBatchOnFunctionError} a failing batch is split in two and each
 * half retried on its own; with {@code ReportBatchItemFailures} processing resumes at the lowest reported failure. A
 * batch given up on is skipped, and its description goes to the {@code OnFailure} destination.
 *
 * <p>{@code ParallelizationFactor} is honoured as ordering per shard: one batch of a shard at a time.
 */
final class StreamEventSourcePoller implements AutoCloseable {
    private static final Logger LOG = Loggers.get(StreamEventSourcePoller.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How often an idle shard is read: Lambda reads each shard about four times a second; this is a test. */
    private static final Duration IDLE = Duration.ofMillis(50);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    /**
     * The mapping's settings, resolved.
     *
     * @param maximumRetryAttempts -1 for unlimited
     * @param maximumRecordAge empty for unlimited
     * @param filters {@code FilterCriteria} patterns (any may match); none: every record
     */
    record Settings(
            String mapping,
            int batchSize,
            Duration window,
            String startingPosition,
            Optional<Instant> startingTimestamp,
            List<String> filters,
            boolean bisect,
            boolean reportBatchItemFailures,
            int maximumRetryAttempts,
            Optional<Duration> maximumRecordAge,
            Optional<String> onFailure) {

        /** Reads a mapping's resolved properties. */
        static Settings of(String mapping, JsonNode p) {
            List<String> filters = new ArrayList<>();
            p.path("FilterCriteria")
                    .path("Filters")
                    .forEach(f -> filters.add(f.path("Pattern").asText()));
            long age = p.path("MaximumRecordAgeInSeconds").asLong(-1);
            boolean partial = false;
            for (JsonNode type : p.path("FunctionResponseTypes")) {
                partial |= type.asText().equals("ReportBatchItemFailures");
            }
            JsonNode timestamp = p.path("StartingPositionTimestamp");
            return new Settings(
                    mapping,
                    p.path("BatchSize").asInt(100),
                    Duration.ofSeconds(p.path("MaximumBatchingWindowInSeconds").asLong(0)),
                    p.path("StartingPosition").asText("LATEST"),
                    timestamp.isMissingNode()
                            ? Optional.empty()
                            : Optional.of(Instant.ofEpochMilli((long) (timestamp.asDouble() * 1000))),
                    filters,
                    p.path("BisectBatchOnFunctionError").asBoolean(false),
                    partial,
                    p.path("MaximumRetryAttempts").asInt(-1),
                    age < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(age)),
                    Optional.ofNullable(p.path("DestinationConfig")
                                    .path("OnFailure")
                                    .path("Destination")
                                    .asText(null))
                            .filter(s -> !s.isBlank()));
        }
    }

    private final StreamRecords source;
    private final LocalFunction function;
    private final Settings settings;
    private final String functionArn;
    private final BiConsumer<String, String> destinations;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * @param destinations sends a record to a destination ARN (SQS queue or SNS topic)
     */
    StreamEventSourcePoller(
            StreamRecords source,
            LocalFunction function,
            String functionArn,
            Settings settings,
            BiConsumer<String, String> destinations) {
        this.source = source;
        this.function = function;
        this.functionArn = functionArn;
        this.settings = settings;
        this.destinations = destinations;
    }

    /** Starts a reader per shard, at the starting position (taken now: {@code LATEST} means from here on). */
    void start() {
        for (String shard : source.shardIds()) {
            String iterator = source.iterator(shard, settings.startingPosition(), settings.startingTimestamp());
            Thread thread = new Thread(() -> poll(shard, iterator), "cloudtest-stream-" + function.functionName());
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private void poll(String shard, String first) {
        Optional<String> iterator = Optional.of(first);
        List<StreamRecords.StreamRecord> pending = new ArrayList<>();
        long windowEnd = 0;
        while (running && (iterator.isPresent() || !pending.isEmpty())) {
            try {
                if (iterator.isPresent() && pending.size() < settings.batchSize()) {
                    StreamRecords.Page page = source.read(shard, iterator.get(), settings.batchSize() - pending.size());
                    iterator = page.next();
                    if (pending.isEmpty() && !page.records().isEmpty()) {
                        windowEnd = System.nanoTime() + settings.window().toNanos();
                    }
                    pending.addAll(page.records());
                }
                boolean full = pending.size() >= settings.batchSize();
                if (!pending.isEmpty() && (full || System.nanoTime() >= windowEnd || iterator.isEmpty())) {
                    List<StreamRecords.StreamRecord> batch = List.copyOf(pending);
                    pending.clear();
                    List<StreamRecords.StreamRecord> matching =
                            batch.stream().filter(this::matches).toList();
                    if (!matching.isEmpty()) {
                        process(shard, matching);
                    }
                    continue;
                }
                sleep(IDLE);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn(
                            "cloudtest: reading {} for {} failed (retried): {}",
                            source.arn(),
                            function.logicalId(),
                            e.toString());
                    sleep(Duration.ofMillis(500));
                }
            }
        }
    }

    private boolean matches(StreamRecords.StreamRecord record) {
        if (settings.filters().isEmpty()) {
            return true;
        }
        for (String pattern : settings.filters()) {
            try {
                if (software.amazon.event.ruler.Ruler.matchesRule(
                        record.filtered().toString(), pattern)) {
                    return true;
                }
            } catch (Exception e) {
                LOG.warn(
                        "cloudtest: filter pattern {} of {} cannot be applied: {}",
                        pattern,
                        settings.mapping(),
                        e.toString());
            }
        }
        return false;
    }

    /** Processes a batch until it succeeds or is given up on; blocks the shard meanwhile. */
    private void process(String shard, List<StreamRecords.StreamRecord> batch) {
        int attempts = 0;
        List<StreamRecords.StreamRecord> remaining = batch;
        Duration backoff = Duration.ofMillis(100);
        while (running && !remaining.isEmpty()) {
            attempts++;
            Optional<String> failed = invoke(remaining);
            if (failed.isEmpty()) {
                return;
            }
            String from = failed.get();
            if (!from.isEmpty()) {
                // ReportBatchItemFailures: what came before the lowest failure is done
                int index = indexOf(remaining, from);
                remaining = remaining.subList(index < 0 ? 0 : index, remaining.size());
            }
            Instant oldest = remaining.get(0).arrival();
            boolean tooOld = settings.maximumRecordAge()
                    .filter(age -> oldest.plus(age).isBefore(Instant.now()))
                    .isPresent();
            boolean exhausted = settings.maximumRetryAttempts() >= 0 && attempts > settings.maximumRetryAttempts();
            if (settings.bisect() && remaining.size() > 1 && !tooOld) {
                int half = remaining.size() / 2;
                LOG.info(
                        "cloudtest: {}: batch of {} failed; bisected ({} + {})",
                        settings.mapping(),
                        remaining.size(),
                        half,
                        remaining.size() - half);
                process(shard, remaining.subList(0, half));
                process(shard, remaining.subList(half, remaining.size()));
                return;
            }
            if (tooOld || exhausted) {
                giveUp(shard, remaining, attempts, tooOld ? "RecordAgeExceeded" : "RetryAttemptsExhausted");
                return;
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /**
     * Invokes the function with a batch.
     *
     * @return empty on success; the sequence number to resume from on a partial failure; an empty string when the
     *     whole batch failed
     */
    private Optional<String> invoke(List<StreamRecords.StreamRecord> batch) {
        ObjectNode event = MAPPER.createObjectNode();
        batch.forEach(r -> event.withArray("Records").add(r.event()));
        String result;
        try {
            result = function.invoke(event.toString());
        } catch (LocalFunctionException e) {
            LOG.info(
                    "cloudtest: {}: batch of {} record(s) failed: {}: {}",
                    settings.mapping(),
                    batch.size(),
                    e.errorType(),
                    e.errorMessage());
            return Optional.of("");
        }
        if (!settings.reportBatchItemFailures() || result == null) {
            return Optional.empty();
        }
        try {
            JsonNode failures = MAPPER.readTree(result).path("batchItemFailures");
            if (!failures.isArray() || failures.isEmpty()) {
                return Optional.empty();
            }
            Set<String> inBatch = batch.stream()
                    .map(StreamRecords.StreamRecord::sequenceNumber)
                    .collect(Collectors.toSet());
            String lowest = null;
            for (JsonNode failure : failures) {
                String id = failure.path("itemIdentifier").asText("");
                if (!inBatch.contains(id)) {
                    return Optional.of(""); // as Lambda: an invalid identifier fails the whole batch
                }
                if (lowest == null || indexOf(batch, id) < indexOf(batch, lowest)) {
                    lowest = id;
                }
            }
            return Optional.of(lowest);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static int indexOf(List<StreamRecords.StreamRecord> batch, String sequenceNumber) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        return -1;
    }

    /** Skips a batch, sending Lambda's description of it to the on-failure destination. */
    private void giveUp(String shard, List<StreamRecords.StreamRecord> batch, int attempts, String condition) {
        LOG.warn(
                "cloudtest: {}: gave up on {} record(s) of {} after {} attempt(s) ({})",
                settings.mapping(),
                batch.size(),
                shard,
                attempts,
                condition);
        settings.onFailure().ifPresent(arn -> {
            ObjectNode record = MAPPER.createObjectNode();
            record.putObject("requestContext")
                    .put("requestId", UUID.randomUUID().toString())
                    .put("functionArn", functionArn)
                    .put("condition", condition)
                    .put("approximateInvokeCount", attempts);
            record.putObject("responseContext")
                    .put("statusCode", 200)
                    .put("executedVersion", "$LATEST")
                    .put("functionError", "Unhandled");
            record.put("version", "1.0").put("timestamp", Instant.now().toString());
            record.putObject(source.batchInfoName())
                    .put("shardId", shard)
                    .put("startSequenceNumber", batch.get(0).sequenceNumber())
                    .put("endSequenceNumber", batch.get(batch.size() - 1).sequenceNumber())
                    .put(
                            "approximateArrivalOfFirstRecord",
                            batch.get(0).arrival().toString())
                    .put(
                            "approximateArrivalOfLastRecord",
                            batch.get(batch.size() - 1).arrival().toString())
                    .put("batchSize", batch.size())
                    .put("streamArn", source.arn());
            destinations.accept(arn, record.toString());
        });
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the shard readers (an invocation in flight ends with its function's JVM). */
    @Override
    public void close() {
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
}
