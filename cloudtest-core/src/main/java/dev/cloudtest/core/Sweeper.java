package dev.cloudtest.core;

import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.pipeline.SweepOperation;
import dev.cloudtest.core.report.SweepCandidate;
import dev.cloudtest.core.report.SweepReport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Removes what crashed or cancelled runs left behind: stacks carrying cloudtest's tags whose
 * {@code cloudtest:expires-at} has passed, and probe resources (SQS queues, S3 buckets) tagged the same way.
 *
 * <pre>{@code
 * try (CloudTestRun run = CloudTestRun.start(config)) {      // the target guards run here
 *     SweepReport dryRun = run.sweeper().sweep(false);         // lists, deletes nothing
 *     SweepReport report = run.sweeper().withOwner("ci").sweep(true);
 * }
 * }</pre>
 *
 * <p>A sweeper exists only for a started {@link CloudTestRun}, so every target guard (account, region, alias,
 * marker) has passed before it lists anything. It never touches a resource without cloudtest's tags, one whose expiry
 * has not passed or cannot be read, or one outside its owner and name-prefix filters; the rule is checked again right
 * before each delete. Stacks are deleted through the same teardown as a run's own (buckets emptied, {@code
 * DELETE_FAILED} retried). Immutable.
 */
public final class Sweeper {
    private static final Logger LOG = Loggers.get(Sweeper.class);

    private final SweepOperation operation;
    private final Optional<String> owner;
    private final Optional<String> namePrefix;

    private Sweeper(SweepOperation operation, Optional<String> owner, Optional<String> namePrefix) {
        this.operation = operation;
        this.owner = owner;
        this.namePrefix = namePrefix;
    }

    /**
     * A sweeper on the run's target, filtered by {@code cloudtest.sweep.owner} and {@code cloudtest.sweep.name-prefix}
     * when they are set (else every owner and name).
     */
    public static Sweeper of(CloudTestRun run) {
        Objects.requireNonNull(run, "run");
        return run.sweeper();
    }

    /** Used by {@link CloudTestRun#sweeper()}. */
    static Sweeper on(SweepOperation operation, CloudTestConfig config) {
        return new Sweeper(
                operation, config.raw(CloudTestConfig.SWEEP_OWNER), config.raw(CloudTestConfig.SWEEP_NAME_PREFIX));
    }

    /** Only resources whose {@code cloudtest:owner} tag is {@code owner}. */
    public Sweeper withOwner(String owner) {
        return new Sweeper(operation, Optional.of(Objects.requireNonNull(owner, "owner")), namePrefix);
    }

    /** Only resources whose name starts with {@code prefix}. */
    public Sweeper withNamePrefix(String prefix) {
        return new Sweeper(operation, owner, Optional.of(Objects.requireNonNull(prefix, "prefix")));
    }

    /** The owner filter, when one applies. */
    public Optional<String> owner() {
        return owner;
    }

    /** The name-prefix filter, when one applies. */
    public Optional<String> namePrefix() {
        return namePrefix;
    }

    /** Every expired cloudtest resource within the filters, with its owner and age. Makes no mutating call. */
    public List<SweepCandidate> findExpired() {
        return operation.find(owner, namePrefix);
    }

    /**
     * Lists ({@code confirm = false}) or deletes ({@code confirm = true}) every expired cloudtest resource within the
     * filters. A failure to remove one resource is reported and the sweep goes on with the next.
     *
     * @return what was found, deleted and left
     */
    public SweepReport sweep(boolean confirm) {
        SweepReport report = operation.sweep(owner, namePrefix, confirm);
        LOG.info("{}", report.summary().strip());
        return report;
    }

    /** {@code cloudtest.sweep-on-start}: a confirmed sweep limited to one owner, which never fails the run. */
    static void onStart(Sweeper all, CloudTestConfig config) {
        Sweeper sweeper = all.withOwner(config.raw(CloudTestConfig.SWEEP_OWNER).orElse(config.owner()));
        try {
            SweepReport report = sweeper.sweep(true);
            if (!report.isClean()) {
                LOG.warn("cloudtest: sweep-on-start left something behind; the run goes on:\n{}", report.summary());
            }
        } catch (RuntimeException e) {
            LOG.warn("cloudtest: sweep-on-start failed ({}); the run goes on", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Sweeper[owner=" + owner.orElse("(any)") + ", namePrefix=" + namePrefix.orElse("(any)") + "]";
    }
}
