package dev.cloudtest.core.internal.hook;

import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.Schedule;
import dev.cloudtest.core.Stack;

/** A hook that runs a stack's functions locally and hands them, and the stack's schedules, to tests. */
public interface LocalFunctionSource {
    /**
     * The local function of the stack with this logical id.
     *
     * @throws IllegalArgumentException saying why there is none (no Java functions, off on this target, unknown id)
     */
    LocalFunction localFunction(Stack stack, String logicalId);

    /**
     * Invokes the local function asynchronously (Lambda's {@code Event} invocation): queued, retried on error, its
     * record sent to the destinations; returns at once.
     *
     * @throws IllegalArgumentException as {@link #localFunction}
     */
    void invokeAsync(Stack stack, String logicalId, String event);

    /**
     * The stack's schedule of this logical id, to fire on demand.
     *
     * @throws IllegalArgumentException naming the stack's schedules when there is no such schedule
     */
    Schedule schedule(Stack stack, String logicalId);
}
