package dev.cloudtest.core.internal.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * Reads the lines of a CloudWatch Logs group since a point in time: FilterLogEvents over all streams, every page,
 * oldest first. The regex is applied by the caller, not as a filter pattern: CloudWatch filter patterns are not
 * regular expressions, and the lines that did not match are what a failure message shows.
 */
public final class LogLines {
    // A page loop that never ends (an emulator repeating its token) must not hang a test.
    private static final int MAX_PAGES = 1000;

    private final CloudWatchLogsClient logs;
    private final String logGroup;
    private final Instant since;

    public LogLines(CloudWatchLogsClient logs, String logGroup, Instant since) {
        this.logs = Objects.requireNonNull(logs);
        this.logGroup = Objects.requireNonNull(logGroup, "logGroup");
        this.since = Objects.requireNonNull(since, "since");
    }

    /**
     * Every line since {@code since}, oldest first.
     *
     * @throws software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException when the group does not
     *     exist (yet: Lambda creates its group on the first invocation)
     */
    public List<String> read() {
        List<FilteredLogEvent> events = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String current = token;
            FilterLogEventsResponse response = logs.filterLogEvents(r ->
                    r.logGroupName(logGroup).startTime(since.toEpochMilli()).nextToken(current));
            // Pages may be empty while the token still leads to more events; only the token says when it ends.
            events.addAll(response.events());
            token = response.nextToken();
            if (token == null || token.isEmpty() || token.equals(current)) {
                break;
            }
        }
        return events.stream()
                .sorted(Comparator.comparing(FilteredLogEvent::timestamp, Comparator.nullsFirst(Long::compare)))
                .map(e -> stripNewline(e.message()))
                .toList();
    }

    private static String stripNewline(String message) {
        if (message == null) {
            return "";
        }
        return message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
    }
}
