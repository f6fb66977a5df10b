package dev.cloudtest.core.report;

import dev.cloudtest.core.Sweeper;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One expired resource the {@link Sweeper} found: a stack or a tagged probe resource whose {@code cloudtest:expires-at}
 * has passed.
 *
 * @param kind what it is
 * @param name the stack, queue or bucket name
 * @param id the stack id (ARN), queue URL or bucket name
 * @param owner the {@code cloudtest:owner} tag ({@code (none)} when absent)
 * @param runId the {@code cloudtest:run-id} tag
 * @param createdAt the {@code cloudtest:created-at} tag, when present and readable
 * @param expiresAt the {@code cloudtest:expires-at} tag
 * @param foundAt when the sweeper looked
 */
public record SweepCandidate(
        Kind kind,
        String name,
        String id,
        String owner,
        String runId,
        Optional<Instant> createdAt,
        Instant expiresAt,
        Instant foundAt) {

    /** The kinds of resources the sweeper removes. */
    public enum Kind {
        /** A CloudFormation stack (deleted with its resources, buckets emptied first). */
        STACK,
        /** An SQS queue a probe created and tagged. */
        QUEUE,
        /** An S3 bucket a probe created and tagged (emptied first). */
        BUCKET,
        /** An EventBridge rule a probe created and tagged (its targets removed first). */
        RULE,
        /**
         * A Secrets Manager secret cloudtest created for a stack on moto (which does not create secrets) whose stack
         * never came to exist or is gone.
         */
        SECRET
    }

    public SweepCandidate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(foundAt, "foundAt");
    }

    /** How old the resource was when found, when its creation time is known. */
    public Optional<Duration> age() {
        return createdAt.map(c -> Duration.between(c, foundAt));
    }

    /** How long past its expiry the resource was when found. */
    public Duration overdue() {
        return Duration.between(expiresAt, foundAt);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name + " (owner " + owner + ", run " + runId
                + age().map(a -> ", age " + dev.cloudtest.core.internal.Durations.format(a))
                        .orElse("")
                + ", expired " + dev.cloudtest.core.internal.Durations.format(overdue()) + " ago)";
    }
}
