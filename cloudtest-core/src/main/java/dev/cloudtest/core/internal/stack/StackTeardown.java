package dev.cloudtest.core.internal.stack;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.internal.Durations;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.StackHooks;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.report.TeardownReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deletes one stack completely: verifies ownership before every delete, empties its buckets (all versions and
 * delete markers), deletes, waits adaptively, and retries {@code DELETE_FAILED} with backoff. Returns a report of
 * what is left and why instead of throwing for leftovers.
 */
public final class StackTeardown {
    private static final Logger LOG = Loggers.get(StackTeardown.class);
    private static final int ATTEMPTS = 3;

    /** Decides whether cloudtest may delete a stack, from its tags; empty means yes, else the refusal. */
    @FunctionalInterface
    public interface Ownership {
        Optional<GuardViolationException> refusal(Stack stack);
    }

    private final CloudFormationClient cfn;
    private final BucketEmptier emptier;
    private final PollSchedule schedule;
    private final Duration timeout;

    private final StackHooks hooks;

    /**
     * @param hooks whose {@code release} runs first and whose {@code beforeDelete} runs right before each DeleteStack
     */
    public StackTeardown(CloudSession session, Duration timeout, StackHooks hooks) {
        this.hooks = hooks;
        this.cfn = session.client(CloudFormationClient.class);
        this.emptier = new BucketEmptier(session.client(S3Client.class));
        this.schedule = PollSchedule.forTarget(session.kind().isEmulated());
        this.timeout = timeout;
    }

    /**
     * Ownership for a run's own teardown: the stack must carry this run's id and, when it carries a session (every
     * stack a run creates does; reuse stacks, shared across JVMs, do not), this JVM's session: JVMs sharing a run id
     * never delete each other's stacks.
     */
    public static Ownership ownedByRun(String runId, String session) {
        return stack -> {
            Optional<String> createdBy = StackTags.session(stack.tags());
            if (createdBy.isPresent() && !createdBy.get().equals(session)) {
                return Optional.of(new GuardViolationException(
                        "ownership",
                        stack.stackName(),
                        "Stack " + stack.stackName() + " belongs to session '" + createdBy.get() + "' of run '"
                                + StackTags.runId(stack.tags()).orElse("?") + "', not to this JVM's session '"
                                + session + "'. JVMs that share a run id (forks, CI matrix jobs) each tear down "
                                + "their own stacks; cloudtest will not delete a sibling's."));
            }
            return ownedByRun(runId).refusal(stack);
        };
    }

    /** Ownership by run id alone: the stack must carry this run's id (whichever session created it). */
    public static Ownership ownedByRun(String runId) {
        return stack -> {
            Optional<String> owner = StackTags.runId(stack.tags());
            if (owner.isEmpty()) {
                return Optional.of(new GuardViolationException(
                        "ownership",
                        stack.stackName(),
                        "Stack "
                                + stack.stackName()
                                + " carries no cloudtest:run-id tag: cloudtest did not create it and will "
                                + "not delete it."));
            }
            if (!owner.get().equals(runId)) {
                return Optional.of(new GuardViolationException(
                        "ownership",
                        stack.stackName(),
                        "Stack "
                                + stack.stackName() + " belongs to run '" + owner.get() + "', not to this run '" + runId
                                + "'. cloudtest only tears down its own run's stacks; expired stacks of other runs are "
                                + "removed by the sweeper."));
            }
            return Optional.empty();
        };
    }

    /**
     * Tears a stack down.
     *
     * @param stackRef the stack id (preferred: it survives a same-named successor) or name
     * @throws GuardViolationException when ownership refuses; nothing has been touched then
     */
    public TeardownReport tearDown(String stackRef, String stackName, Ownership ownership) {
        long started = System.nanoTime();
        List<String> removed = new ArrayList<>();
        List<TeardownReport.Leftover> leftovers = new ArrayList<>();
        Optional<Stack> current = describe(stackRef);
        if (current.isEmpty() || current.get().stackStatus() == StackStatus.DELETE_COMPLETE) {
            return new TeardownReport(stackName, List.of(), List.of(), elapsed(started));
        }
        ownership.refusal(current.get()).ifPresent(refusal -> {
            throw refusal;
        });
        String stackId = current.get().stackId();
        hooks.release(stackId);
        long deadline = started + timeout.toNanos();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            emptyBuckets(stackId, removed, leftovers);
            // Ownership again right before the delete: the stack could have been replaced in between.
            Optional<Stack> before = describe(stackId);
            if (before.isEmpty() || before.get().stackStatus() == StackStatus.DELETE_COMPLETE) {
                break;
            }
            ownership.refusal(before.get()).ifPresent(refusal -> {
                throw refusal;
            });
            List<String> notRemoved = hooks.beforeDelete(stackId);
            if (!notRemoved.isEmpty()) {
                leftovers.clear();
                notRemoved.forEach(failure -> leftovers.add(new TeardownReport.Leftover(
                        stackName,
                        "not deleted, so that a later teardown or sweep finds what cloudtest created beside it: "
                                + failure)));
                if (attempt == ATTEMPTS || System.nanoTime() > deadline) {
                    break;
                }
                StackProvisioner.sleep(Duration.ofMillis(500L << attempt));
                continue;
            }
            try {
                cfn.deleteStack(r -> r.stackName(stackId));
            } catch (CloudFormationException e) {
                leftovers.add(new TeardownReport.Leftover(stackName, "DeleteStack failed: " + e.getMessage()));
                return new TeardownReport(stackName, removed, leftovers, elapsed(started));
            }
            Optional<Stack> after = waitForDeletion(stackId, deadline);
            if (after.isEmpty() || after.get().stackStatus() == StackStatus.DELETE_COMPLETE) {
                leftovers.clear();
                removed.add("stack " + stackName);
                LOG.info("cloudtest: {}: deleted in {}", stackName, Durations.format(elapsed(started)));
                return new TeardownReport(stackName, removed, List.of(), elapsed(started));
            }
            leftovers.clear();
            if (after.get().stackStatus() != StackStatus.DELETE_FAILED) {
                leftovers.add(new TeardownReport.Leftover(
                        stackName,
                        "still " + after.get().stackStatus() + " after " + Durations.format(timeout)
                                + " (cloudtest.teardown.timeout)"));
                break;
            }
            for (StackResourceSummary resource : resources(stackId)) {
                if ("DELETE_FAILED".equals(resource.resourceStatusAsString())) {
                    leftovers.add(new TeardownReport.Leftover(
                            resource.logicalResourceId() + " (" + resource.resourceType() + ") "
                                    + resource.physicalResourceId(),
                            Optional.ofNullable(resource.resourceStatusReason()).orElse("DELETE_FAILED")));
                }
            }
            if (leftovers.isEmpty()) {
                leftovers.add(new TeardownReport.Leftover(
                        stackName,
                        "DeleteStack ended in DELETE_FAILED: "
                                + Optional.ofNullable(after.get().stackStatusReason())
                                        .orElse("no reason given")));
            }
            LOG.warn("cloudtest: {}: DELETE_FAILED (attempt {}/{}): {}", stackName, attempt, ATTEMPTS, leftovers);
            if (attempt == ATTEMPTS || System.nanoTime() > deadline) {
                break; // no wait after the last attempt: nothing follows it
            }
            StackProvisioner.sleep(Duration.ofMillis(500L << attempt));
        }
        return new TeardownReport(stackName, removed, leftovers, elapsed(started));
    }

    /** Starts the deletion without waiting (for shutdown, where time is short); ownership is still verified. */
    public void startDeletion(String stackRef, Ownership ownership) {
        Optional<Stack> current = describe(stackRef);
        if (current.isEmpty() || current.get().stackStatus() == StackStatus.DELETE_COMPLETE) {
            return;
        }
        ownership.refusal(current.get()).ifPresent(refusal -> {
            throw refusal;
        });
        emptyBuckets(current.get().stackId(), new ArrayList<>(), new ArrayList<>());
        hooks.release(current.get().stackId());
        List<String> notRemoved = hooks.beforeDelete(current.get().stackId());
        if (!notRemoved.isEmpty()) {
            LOG.warn(
                    "cloudtest: {} is left for the sweeper: {}",
                    current.get().stackName(),
                    String.join("; ", notRemoved));
            return;
        }
        cfn.deleteStack(r -> r.stackName(current.get().stackId()));
    }

    private void emptyBuckets(String stackId, List<String> removed, List<TeardownReport.Leftover> leftovers) {
        for (StackResourceSummary resource : resources(stackId)) {
            if ("AWS::S3::Bucket".equals(resource.resourceType())
                    && resource.physicalResourceId() != null
                    && !"DELETE_COMPLETE".equals(resource.resourceStatusAsString())) {
                try {
                    int count = emptier.empty(resource.physicalResourceId());
                    if (count > 0) {
                        removed.add(count + " object versions from bucket " + resource.physicalResourceId());
                    }
                } catch (SdkException e) {
                    leftovers.add(new TeardownReport.Leftover(
                            resource.logicalResourceId() + " (AWS::S3::Bucket) " + resource.physicalResourceId(),
                            "could not be emptied: " + e.getMessage()));
                }
            }
        }
    }

    private List<StackResourceSummary> resources(String stackId) {
        try {
            return cfn.listStackResourcesPaginator(r -> r.stackName(stackId)).stackResourceSummaries().stream()
                    .toList();
        } catch (CloudFormationException e) {
            return List.of();
        }
    }

    private Optional<Stack> waitForDeletion(String stackId, long deadline) {
        int attempt = 0;
        while (true) {
            Optional<Stack> stack = describe(stackId);
            if (stack.isEmpty() || stack.get().stackStatus() != StackStatus.DELETE_IN_PROGRESS) {
                return stack;
            }
            if (System.nanoTime() > deadline) {
                return stack;
            }
            StackProvisioner.sleep(schedule.interval(attempt++));
        }
    }

    /** The stack, or empty when CloudFormation no longer knows it. */
    Optional<Stack> describe(String stackRef) {
        return StackLookup.find(cfn, stackRef);
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
