package dev.cloudtest.core.internal.stack;

import java.time.Duration;

/**
 * Adaptive polling: the first polls come quickly (emulators and small stacks finish in milliseconds), then the
 * interval grows geometrically to a cap, so long deployments cost few calls. Never the SDK waiter's fixed 30 s.
 *
 * @param first the first interval
 * @param factor growth per poll
 * @param cap the longest interval
 */
public record PollSchedule(Duration first, double factor, Duration cap) {

    /** For emulators: 20 ms first, ×1.5, at most 500 ms. */
    public static final PollSchedule EMULATOR = new PollSchedule(Duration.ofMillis(20), 1.5, Duration.ofMillis(500));

    /** For real AWS: 100 ms first, ×1.5, at most 5 s (CloudFormation's DescribeStacks is throttled per account). */
    public static final PollSchedule AWS = new PollSchedule(Duration.ofMillis(100), 1.5, Duration.ofSeconds(5));

    /** The schedule for a target. */
    public static PollSchedule forTarget(boolean emulated) {
        return emulated ? EMULATOR : AWS;
    }

    /** The interval before poll number {@code attempt} (0-based). */
    public Duration interval(int attempt) {
        double millis = first.toMillis() * Math.pow(factor, Math.min(attempt, 64));
        return Duration.ofMillis((long) Math.min(millis, cap.toMillis()));
    }
}
