package dev.cloudtest.junit5.internal;

import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link dev.cloudtest.junit5.StackLifecycle#SHARED} stack: provisioned by the first class that needs it, released
 * once by its {@link RunHolder} when the test run ends. A provisioning failure is remembered, so every class that
 * declares the stack fails with it instead of trying again.
 */
final class SharedStack {
    private final StackSpec spec;
    private final java.util.Optional<dev.cloudtest.core.KeepPolicy> keep;
    private final AtomicBoolean failed = new AtomicBoolean();
    private Stack stack;
    private RuntimeException failure;
    private boolean released;

    SharedStack(StackSpec spec, java.util.Optional<dev.cloudtest.core.KeepPolicy> keep) {
        this.spec = spec;
        this.keep = keep;
    }

    synchronized Stack provision(CloudTestRun run) {
        if (failure != null) {
            throw failure;
        }
        if (stack == null) {
            try {
                stack = run.provision(spec);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return stack;
    }

    /** A class using the stack failed: {@code cloudtest.keep=on-failure} keeps it. */
    void markFailed() {
        failed.set(true);
    }

    /** Applies {@code cloudtest.keep}; idempotent. */
    synchronized void release(CloudTestRun run) {
        if (stack != null && !released) {
            released = true;
            run.release(stack, failed.get(), keep.orElse(run.config().keep()));
        }
    }
}
