package dev.cloudtest.core.report;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a teardown did: the stack, whether it is gone, and anything left behind with the reason.
 *
 * @param stackName the stack
 * @param removed what was removed (the stack, emptied buckets)
 * @param leftovers what could not be removed, each with its reason; empty when the teardown was complete
 * @param duration how long the teardown took
 */
public record TeardownReport(String stackName, List<String> removed, List<Leftover> leftovers, Duration duration) {

    public TeardownReport {
        Objects.requireNonNull(stackName, "stackName");
        removed = List.copyOf(removed);
        leftovers = List.copyOf(leftovers);
        Objects.requireNonNull(duration, "duration");
    }

    /** Whether nothing was left behind. */
    public boolean isClean() {
        return leftovers.isEmpty();
    }

    /**
     * Something a teardown could not remove.
     *
     * @param resource what it is: a stack name, or {@code LogicalId (Type) physical-id}
     * @param reason why it is left
     */
    public record Leftover(String resource, String reason) {
        @Override
        public String toString() {
            return resource + ": " + reason;
        }
    }
}
