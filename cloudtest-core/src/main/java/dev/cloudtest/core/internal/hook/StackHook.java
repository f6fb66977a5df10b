package dev.cloudtest.core.internal.hook;

import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A feature that takes part in provisioning and tearing down a stack: each moto gap-filler, the local functions, and
 * (coming) SAM expansion and the fidelity check. Hooks are created once per target ({@link StackHookProvider}) and
 * driven by the run's pipeline; every method has a do-nothing default, so a hook implements only the steps it needs.
 *
 * <p><b>Order.</b> The pipeline calls {@link #check}, {@link #beforeCreate}, {@link #acceptMissing}, {@link
 * #hintForMissing} and {@link #afterCreate} on every hook in registration order (built-in hooks first, in the order
 * {@code HookRegistry} lists them, then those found by {@link java.util.ServiceLoader}), and {@link #release} and
 * {@link #beforeDelete} in the reverse order, so that what a later hook built on an earlier one is undone first.
 *
 * <p><b>Unwinding.</b> When a hook fails in {@link #afterCreate}, the run tears the stack down at once: every hook's
 * {@link #release} and {@link #beforeDelete} run (in reverse order) before DeleteStack. Both must therefore be
 * idempotent and do nothing for a stack the hook never touched. Failures in them are logged and do not stop the
 * teardown.
 *
 * <p><b>Reuse and update.</b> {@link #check} and {@link #beforeCreate} run for every create and update; {@link
 * #afterCreate} runs after a create, an update, and for a reused unchanged stack, with {@link Provisioning} saying
 * which. Attached and handed-over stacks (not this run's) pass through no hook.
 *
 * <p><b>Sweep.</b> The sweeper deletes expired stacks through the same teardown, so {@link #beforeDelete} runs for them
 * too, on hooks that have no memory of the stack. A hook that creates resources outside the stack must therefore make
 * them findable without that memory: under a parent the stack owns (its bucket, its queue), or carrying the stack's
 * {@code cloudtest:} ownership tags, which the sweeper lists; or, as moto's executable state machine mirrors do, only
 * on an emulator that cloudtest started and that ends with the run.
 */
public interface StackHook {

    /** How the stack came to be, for {@link #afterCreate}. */
    enum Provisioning {
        /** CreateStack, in this run. */
        CREATED,
        /** An existing reuse stack updated in place ({@code cloudtest.reuse}). */
        UPDATED,
        /** An existing reuse stack taken as it is: template and parameters unchanged. */
        REUSED
    }

    /** The hook's name in logs and in {@code check} output. */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * The phase of the run report that {@link #afterCreate}'s time counts towards, e.g. {@code local-functions}; empty
     * to count it towards {@code provision}.
     */
    default Optional<String> phase() {
        return Optional.empty();
    }

    /** What this hook would do for the stack on this target, one line each, for {@code check}; empty for nothing. */
    default List<String> describe(PreparedStack stack) {
        return List.of();
    }

    /**
     * The template with this hook's transform applied (SAM), for the expanded stage that every later step reads; empty
     * when the hook has no transform for this template. Runs before {@link #check}, in {@code check} too, and makes no
     * mutating call.
     *
     * @throws dev.cloudtest.core.exception.ConfigurationException when the transform refuses the template
     */
    default Optional<Template> expand(PreparedStack stack) {
        return Optional.empty();
    }

    /**
     * Refuses, before anything is created (and in {@code check}), what the hook would refuse later.
     *
     * @throws dev.cloudtest.core.exception.ConfigurationException naming the resource, the value and what to do
     */
    default void check(PreparedStack stack) {}

    /**
     * The resources the target is known not to create (an emulator skips their types and reports success), for the
     * refusal before creation: each must be accepted by some hook's {@link #acceptMissing}, or nothing is created.
     */
    default List<Template.Resource> wouldNotCreate(PreparedStack stack) {
        return List.of();
    }

    /**
     * The template as it is sent to the target (packaged, after earlier hooks); the hook returns it changed or as is.
     */
    default Template beforeCreate(PreparedStack stack, Template template) {
        return template;
    }

    /**
     * CreateStack was rejected after {@link #beforeCreate}: undo what {@code beforeCreate} created outside the stack
     * (there is no stack to tear down). Idempotent; failures are logged.
     */
    default void createRejected(PreparedStack stack) {}

    /**
     * Why a declared resource that the target did not create is nevertheless fine (logged), or empty when it is not
     * this hook's to accept; a resource no hook accepts fails provisioning.
     */
    default Optional<String> acceptMissing(Template.Resource resource, PreparedStack stack) {
        return Optional.empty();
    }

    /** Advice for the user when resources of these types are missing and no hook accepted them; empty for none. */
    default Optional<String> hintForMissing(Set<String> types, PreparedStack stack) {
        return Optional.empty();
    }

    /**
     * After the stack is complete and its resources verified: apply what the target left out, start what serves the
     * stack locally. Returns the stack as the tests see it (e.g. with outputs pointing at a local API).
     */
    default Stack afterCreate(Stack stack, PreparedStack prepared, Provisioning how) {
        return stack;
    }

    /**
     * The run lets go of the stack (it is being deleted, it is kept, or the run ends): stop what the hook runs for it
     * (processes, pollers). Idempotent; nothing for a stack the hook did not serve.
     */
    default void release(String stackId) {}

    /**
     * Right before DeleteStack: remove what the hook created that CloudFormation's delete would not, finding it from
     * the stack alone (the sweeper calls this for stacks of runs that are gone). Idempotent; nothing for a stack the
     * hook did not touch.
     *
     * @throws RuntimeException when something could not be removed: the stack is then not deleted (it is what a later
     *     teardown or sweep finds the rest by), the teardown retries and, failing that, reports the stack as left
     */
    default void beforeDelete(String stackId) {}

    /** The target closes with its run: let go of what the hook holds for the whole run (a local endpoint, say). */
    default void targetClosed() {}
}
