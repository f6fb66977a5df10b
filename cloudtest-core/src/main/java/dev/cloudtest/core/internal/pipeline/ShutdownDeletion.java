package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.internal.Durations;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.stack.StackLookup;
import dev.cloudtest.core.internal.stack.StackTeardown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The JVM shutdown hook of a run (Ctrl-C, SIGTERM, exit with stacks up): starts the deletion of every live stack at
 * once, then waits as the budget allows; what could not finish is left to the sweeper once it expires. Ownership is
 * verified before each delete, as in a normal teardown.
 */
final class ShutdownDeletion {
    private static final Logger LOG = Loggers.get(ShutdownDeletion.class);
    /** CI systems give ~7 s between SIGTERM and SIGKILL: start every deletion at once, then wait at most this long. */
    private static final Duration BUDGET = Duration.ofSeconds(6);

    private final TargetContext context;
    private final RunLedger ledger;
    private final String runId;
    private final String session;
    private final Thread hook;
    private volatile boolean disarmed;

    ShutdownDeletion(TargetContext context, RunLedger ledger, String runId, String session) {
        this.context = context;
        this.ledger = ledger;
        this.runId = runId;
        this.session = session;
        this.hook = new Thread(this::run, "cloudtest-shutdown-" + runId);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run closed normally: the hook has nothing left to do. */
    void disarm() {
        disarmed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    private void run() {
        Map<String, String> stacks = ledger.liveStacks();
        if (disarmed || stacks.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + BUDGET.toNanos();
        LOG.warn("cloudtest: JVM shutting down with {} stack(s) up: deleting {}", stacks.size(), stacks.values());
        StackTeardown teardown = context.teardown();
        List<Thread> workers = new ArrayList<>();
        for (Map.Entry<String, String> stack : stacks.entrySet()) {
            Thread worker = new Thread(
                    () -> {
                        try {
                            teardown.startDeletion(stack.getKey(), StackTeardown.ownedByRun(runId, session));
                        } catch (RuntimeException e) {
                            LOG.warn("cloudtest: could not start deleting {}: {}", stack.getValue(), e.getMessage());
                        }
                    },
                    "cloudtest-delete-" + stack.getValue());
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(
                        1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> unfinished = new ArrayList<>();
        for (Map.Entry<String, String> stack : stacks.entrySet()) {
            if (!isGone(stack.getKey(), deadline)) {
                unfinished.add(stack.getValue());
            }
        }
        if (unfinished.isEmpty()) {
            LOG.warn("cloudtest: deleted {} stack(s) during shutdown", stacks.size());
        } else {
            LOG.warn(
                    "cloudtest: shutdown budget of {} used up; {} still being deleted or left for the sweeper once "
                            + "they expire (cloudtest:expires-at)",
                    Durations.format(BUDGET),
                    unfinished);
        }
        try {
            context.close();
        } catch (RuntimeException e) {
            // best effort at shutdown
        }
    }

    private boolean isGone(String stackId, long deadline) {
        CloudFormationClient cfn = context.session().client(CloudFormationClient.class);
        while (System.nanoTime() < deadline) {
            try {
                if (StackLookup.find(cfn, stackId).map(StackLookup::isGone).orElse(true)) {
                    return true;
                }
            } catch (RuntimeException e) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
