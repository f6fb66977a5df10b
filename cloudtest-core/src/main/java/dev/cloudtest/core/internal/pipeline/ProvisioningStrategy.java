package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import java.util.Optional;

/**
 * One way to get a stack for a spec, choosing which of the pipeline's steps run: attach to an existing stack (no
 * step), take a stack the build handed over (no step), reuse a kept stack (prepare, check, package, then create,
 * update or neither, then expose), or create one (every step).
 */
interface ProvisioningStrategy {
    /** The stack, or empty when this strategy does not apply to the spec under the run's configuration. */
    Optional<Stack> provision(StackSpec spec);
}
