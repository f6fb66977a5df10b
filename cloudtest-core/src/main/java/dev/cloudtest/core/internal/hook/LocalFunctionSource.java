package dev.cloudtest.core.internal.hook;

import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.Stack;

/** A hook that runs a stack's functions locally and hands them to tests. */
public interface LocalFunctionSource {
    /**
     * The local function of the stack with this logical id.
     *
     * @throws IllegalArgumentException saying why there is none (no Java functions, off on this target, unknown id)
     */
    LocalFunction localFunction(Stack stack, String logicalId);
}
