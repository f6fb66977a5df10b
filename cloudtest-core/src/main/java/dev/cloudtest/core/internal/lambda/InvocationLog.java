package dev.cloudtest.core.internal.lambda;

import dev.cloudtest.core.internal.Loggers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * Writes what a local function printed during an invocation to CloudWatch Logs, where Lambda would have written it:
 * group {@code /aws/lambda/<function name>}, framed by {@code START}/{@code END} lines with the request id. So the
 * logs probe and the JUnit extension's failure diagnostics see local functions' output as they see Lambda's. Best
 * effort: a failure to write is logged (a warning, once per function) and never fails the invocation. Writes happen on one background thread, in
 * order, so that they add nothing to an invocation's round trip.
 */
public final class InvocationLog implements AutoCloseable {
    private static final Logger LOG = Loggers.get(InvocationLog.class);

    private final CloudWatchLogsClient logs;
    private final Map<String, String> streams = new ConcurrentHashMap<>();
    /** Functions whose output could not be written: warned once each, then at debug level. */
    private final java.util.Set<String> warned = ConcurrentHashMap.newKeySet();

    private final java.util.concurrent.ExecutorService writer =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "cloudtest-function-logs");
                thread.setDaemon(true);
                return thread;
            });

    public InvocationLog(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    /** Records one invocation's output (asynchronously). */
    public void record(String functionName, String requestId, String output, Instant started) {
        Instant ended = Instant.now();
        try {
            writer.execute(() -> write(functionName, requestId, output, started, ended));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("cloudtest: the output of {} came after its functions stopped; not written", functionName);
        }
    }

    private void write(String functionName, String requestId, String output, Instant started, Instant ended) {
        String group = "/aws/lambda/" + functionName;
        try {
            String stream = streams.computeIfAbsent(functionName, name -> createStream(group));
            List<InputLogEvent> events = new ArrayList<>();
            long at = started.toEpochMilli();
            events.add(event(at, "START RequestId: " + requestId + " Version: $LATEST"));
            for (String line : output.split("\\R")) {
                if (!line.isBlank()) {
                    events.add(event(at, line));
                }
            }
            events.add(event(ended.toEpochMilli(), "END RequestId: " + requestId));
            logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
        } catch (SdkException e) {
            if (warned.add(functionName)) {
                LOG.warn(
                        "cloudtest: could not write the output of {} to {} (the logs probe will not see it): {}",
                        functionName,
                        group,
                        e.getMessage());
            } else {
                LOG.debug("cloudtest: could not write the output of {} to {}: {}", functionName, group, e.getMessage());
            }
        }
    }

    private String createStream(String group) {
        try {
            logs.createLogGroup(r -> r.logGroupName(group));
        } catch (ResourceAlreadyExistsException e) {
            // the stack declares it, or an earlier JVM of the function created it
        }
        String stream =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace('-', '/') + "/[$LATEST]"
                        + UUID.randomUUID().toString().replace("-", "");
        logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        return stream;
    }

    private static InputLogEvent event(long timestamp, String message) {
        return InputLogEvent.builder().timestamp(timestamp).message(message).build();
    }

    /** Writes what is queued (waiting a few seconds at most), then stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }
}
