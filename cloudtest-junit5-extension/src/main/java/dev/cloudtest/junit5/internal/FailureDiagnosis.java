package dev.cloudtest.junit5.internal;

import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.Loggers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * What a failed journey test's report gets about its stacks: the last events of each stack (newest first, one line
 * each) and the CloudWatch Logs lines of the stack's log groups and Lambda functions during the test. Gathering it
 * never fails the test a second time: what cannot be read is said in one line.
 */
public final class FailureDiagnosis {
    private static final Logger LOG = Loggers.get(FailureDiagnosis.class);

    /** How many stack events to show per stack. */
    static final int EVENTS = 10;
    /** How many log lines to show per log group. */
    static final int LOG_LINES = 20;

    private final Map<String, String> entries;

    private FailureDiagnosis(Map<String, String> entries) {
        this.entries = entries;
    }

    /**
     * Gathers the diagnosis.
     *
     * @param stacks the test's stacks by id
     * @param from when the test started
     * @param to when it failed
     */
    public static FailureDiagnosis gather(Map<String, Stack> stacks, Instant from, Instant to) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Stack> entry : stacks.entrySet()) {
            Stack stack = entry.getValue();
            entries.put("cloudtest." + entry.getKey() + ".events", events(stack));
            logs(stack, from, to).ifPresent(logs -> entries.put("cloudtest." + entry.getKey() + ".logs", logs));
        }
        return new FailureDiagnosis(entries);
    }

    /** Report entries: {@code cloudtest.<stack id>.events} and, with log groups, {@code cloudtest.<stack id>.logs}. */
    public Map<String, String> reportEntries() {
        return entries;
    }

    /** Everything as one text, for the failure's suppressed diagnosis. */
    public String summary() {
        StringBuilder text = new StringBuilder("cloudtest diagnosis of the test's stacks:");
        entries.forEach(
                (key, value) -> text.append('\n').append(key).append(":\n").append(value));
        return text.toString();
    }

    static String events(Stack stack) {
        try {
            List<StackEvent> events = stack.events();
            List<String> lines = new ArrayList<>();
            lines.add("stack " + stack.name() + ", last " + Math.min(EVENTS, events.size()) + " of " + events.size()
                    + " events, newest first:");
            events.stream().limit(EVENTS).map(FailureDiagnosis::line).forEach(lines::add);
            return String.join("\n", lines);
        } catch (RuntimeException e) {
            LOG.debug("cloudtest: cannot read the events of {}", stack.name(), e);
            return "stack " + stack.name() + ": events unavailable (" + e.getMessage() + ")";
        }
    }

    static String line(StackEvent event) {
        StringBuilder line = new StringBuilder("  ");
        if (event.timestamp() != null) {
            line.append(event.timestamp().truncatedTo(ChronoUnit.SECONDS)).append(' ');
        }
        line.append(event.logicalResourceId())
                .append(' ')
                .append(event.resourceType())
                .append(' ')
                .append(event.resourceStatusAsString());
        if (event.resourceStatusReason() != null
                && !event.resourceStatusReason().isBlank()) {
            line.append(": ").append(event.resourceStatusReason().strip().replace('\n', ' '));
        }
        return line.toString();
    }

    /** Log groups of the stack: its {@code AWS::Logs::LogGroup}s and its Lambda functions' groups. */
    static List<String> logGroups(Stack stack) {
        List<String> groups = new ArrayList<>();
        stack.resourceTypes().forEach((logicalId, type) -> {
            String physicalId = stack.physicalIds().get(logicalId);
            if (physicalId == null) {
                return;
            }
            if (type.equals("AWS::Logs::LogGroup")) {
                groups.add(physicalId);
            } else if (type.equals("AWS::Lambda::Function")) {
                groups.add("/aws/lambda/" + physicalId);
            }
        });
        groups.sort(null);
        return groups;
    }

    static Optional<String> logs(Stack stack, Instant from, Instant to) {
        List<String> groups = logGroups(stack);
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        // One second either side: CloudWatch timestamps come from the writer's clock.
        long start = from.minusSeconds(1).toEpochMilli();
        long end = to.plusSeconds(1).toEpochMilli();
        List<String> lines = new ArrayList<>();
        for (String group : groups) {
            try {
                List<FilteredLogEvent> events = stack.session()
                        .client(CloudWatchLogsClient.class)
                        .filterLogEvents(r -> r.logGroupName(group)
                                .startTime(start)
                                .endTime(end)
                                .limit(LOG_LINES))
                        .events();
                lines.add("log group " + group + " during the test: " + events.size() + " line(s)"
                        + (events.size() == LOG_LINES ? " (first " + LOG_LINES + ")" : ""));
                for (FilteredLogEvent event : events) {
                    lines.add("  " + Instant.ofEpochMilli(event.timestamp()) + " " + event.logStreamName() + ": "
                            + event.message().strip());
                }
            } catch (ResourceNotFoundException e) {
                lines.add("log group " + group + ": does not exist (nothing logged yet)");
            } catch (RuntimeException e) {
                LOG.debug("cloudtest: cannot read log group {}", group, e);
                lines.add("log group " + group + ": unavailable (" + e.getMessage() + ")");
            }
        }
        return Optional.of(String.join("\n", lines));
    }
}
