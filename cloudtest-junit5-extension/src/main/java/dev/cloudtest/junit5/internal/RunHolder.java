package dev.cloudtest.junit5.internal;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.Loggers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The {@link CloudTestRun} of every test class with the same configuration, kept in the root store of the JUnit
 * engine: started lazily by the first class that needs it, closed when the test run ends. It owns the
 * {@link dev.cloudtest.junit5.StackLifecycle#SHARED} stacks and releases them before it closes the run, so their
 * teardown never depends on the order in which JUnit closes stored values.
 *
 * <p>A failure to start (no target, a guard) is remembered and rethrown to every class, so the target is resolved
 * once per test run.
 */
public final class RunHolder implements AutoCloseable {
    private static final Logger LOG = Loggers.get(RunHolder.class);

    private final CloudTestConfig config;
    private final Map<StackSpec, SharedStack> shared = new ConcurrentHashMap<>();
    private final List<SharedStack> sharedInOrder = new ArrayList<>();
    private CloudTestRun run;
    private RuntimeException failure;
    private boolean closed;

    /** A holder that will start a run with this configuration. */
    public RunHolder(CloudTestConfig config) {
        this.config = config;
    }

    /** The configuration of the run. */
    public CloudTestConfig config() {
        return config;
    }

    /**
     * The run, started on first use.
     *
     * @throws dev.cloudtest.core.exception.TargetUnavailableException when no target is usable (every call, once it failed)
     * @throws dev.cloudtest.core.exception.GuardViolationException when a guard refuses the target
     */
    public synchronized CloudTestRun run() {
        if (closed) {
            throw new IllegalStateException("The cloudtest run of this test run is closed already.");
        }
        if (failure != null) {
            throw failure;
        }
        if (run == null) {
            try {
                run = CloudTestRun.start(config);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return run;
    }

    /** The shared stack for a spec, provisioned on first use. */
    SharedStack shared(StackSpec spec, java.util.Optional<dev.cloudtest.core.KeepPolicy> keep) {
        return shared.computeIfAbsent(spec, s -> {
            SharedStack stack = new SharedStack(s, keep);
            synchronized (sharedInOrder) {
                sharedInOrder.add(stack);
            }
            return stack;
        });
    }

    /** Releases the shared stacks (applying {@code cloudtest.keep}), then closes the run. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (run == null) {
            return;
        }
        RuntimeException first = null;
        List<SharedStack> stacks;
        synchronized (sharedInOrder) {
            stacks = new ArrayList<>(sharedInOrder);
        }
        for (int i = stacks.size() - 1; i >= 0; i--) {
            try {
                stacks.get(i).release(run);
            } catch (RuntimeException e) {
                LOG.warn("cloudtest: releasing a shared stack failed: {}", e.getMessage());
                first = add(first, e);
            }
        }
        try {
            run.close();
        } catch (RuntimeException e) {
            first = add(first, e);
        }
        if (first != null) {
            throw first;
        }
    }

    static RuntimeException add(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
