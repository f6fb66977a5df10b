package dev.cloudtest.core.internal.hook;

import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/**
 * The hooks of one target, driven in the order {@link StackHook} documents. Immutable; safe for concurrent stacks as
 * far as the hooks themselves are.
 */
public final class StackHooks {
    private static final Logger LOG = Loggers.get(StackHooks.class);

    private final List<StackHook> hooks;

    public StackHooks(List<StackHook> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    /** The hooks in registration order. */
    public List<StackHook> all() {
        return hooks;
    }

    /** The first hook of this type, if any. */
    public <T> Optional<T> find(Class<T> type) {
        return hooks.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Every hook's {@link StackHook#describe} lines, prefixed with the hook's name. */
    public List<String> describe(PreparedStack stack) {
        List<String> lines = new ArrayList<>();
        for (StackHook hook : hooks) {
            hook.describe(stack).forEach(line -> lines.add(hook.name() + ": " + line));
        }
        return lines;
    }

    /** The stack with every hook's {@link StackHook#expand} applied, in order, to its expanded stage. */
    public PreparedStack expand(PreparedStack stack) {
        PreparedStack expanded = stack;
        for (StackHook hook : hooks) {
            Optional<Template> template = hook.expand(expanded);
            if (template.isPresent()) {
                expanded = expanded.withExpanded(template.get());
            }
        }
        return expanded;
    }

    /**
     * {@link StackHook#check} of every hook, in order; the first refusal is thrown. Then the resources some hook says
     * the target would not create ({@link StackHook#wouldNotCreate}) and no hook accepts as missing are refused, before
     * anything is created. Conditional resources are left to the check after creation, which knows the conditions.
     */
    public void check(PreparedStack stack) {
        hooks.forEach(hook -> hook.check(stack));
        List<Template.Resource> skipped = new ArrayList<>();
        for (StackHook hook : hooks) {
            hook.wouldNotCreate(stack).stream()
                    .filter(r -> !r.conditional() && !skipped.contains(r))
                    .forEach(skipped::add);
        }
        Map<Template.Resource, String> accepted = acceptMissing(skipped, stack);
        List<Template.Resource> refused =
                skipped.stream().filter(r -> !accepted.containsKey(r)).toList();
        if (!refused.isEmpty()) {
            Set<String> types = new java.util.TreeSet<>();
            refused.forEach(r -> types.add(r.type()));
            throw new dev.cloudtest.core.exception.ConfigurationException("The target does not create "
                    + refused.stream()
                            .map(r -> r.logicalId() + " (" + r.type() + ")")
                            .toList()
                    + " of stack " + stack.name() + ": it would skip them and report success, so nothing was "
                    + "created. Use supported types, or run this stack on a target that supports them (cloudtest."
                    + "target=aws with a sandbox account)." + hintForMissing(types, stack));
        }
    }

    /** The packaged template passed through every hook's {@link StackHook#beforeCreate}, in order. */
    public Template beforeCreate(PreparedStack stack) {
        Template template = stack.templates().packaged();
        for (StackHook hook : hooks) {
            template = hook.beforeCreate(stack, template);
        }
        return template;
    }

    /** {@link StackHook#createRejected} of every hook, in reverse order; failures are logged, never thrown. */
    public void createRejected(PreparedStack stack) {
        reversed().forEach(hook -> quietly(hook, "createRejected", () -> hook.createRejected(stack)));
    }

    /** Of the missing resources, those a hook accepts, each with the first accepting hook's reason. */
    public Map<Template.Resource, String> acceptMissing(List<Template.Resource> missing, PreparedStack stack) {
        Map<Template.Resource, String> accepted = new LinkedHashMap<>();
        for (Template.Resource resource : missing) {
            for (StackHook hook : hooks) {
                Optional<String> why = hook.acceptMissing(resource, stack);
                if (why.isPresent()) {
                    accepted.put(resource, why.get());
                    break;
                }
            }
        }
        return accepted;
    }

    /** The hooks' advice for missing resources of these types, joined; empty when none has any. */
    public String hintForMissing(Set<String> types, PreparedStack stack) {
        StringBuilder hint = new StringBuilder();
        hooks.forEach(hook -> hook.hintForMissing(types, stack)
                .ifPresent(h -> hint.append(' ').append(h)));
        return hint.toString();
    }

    /**
     * {@link StackHook#afterCreate} of every hook, in order, each given the stack as the one before returned it.
     *
     * @param timing called with each hook and the nanoseconds its step took
     * @throws HookFailure naming the hook that failed; the hooks before it have run
     */
    public Stack afterCreate(
            Stack stack, PreparedStack prepared, StackHook.Provisioning how, BiConsumer<StackHook, Long> timing) {
        Stack current = stack;
        for (StackHook hook : hooks) {
            long started = System.nanoTime();
            try {
                current = hook.afterCreate(current, prepared, how);
            } catch (RuntimeException e) {
                throw new HookFailure(hook, e);
            } finally {
                timing.accept(hook, System.nanoTime() - started);
            }
        }
        return current;
    }

    /** {@link StackHook#release} of every hook, in reverse order; failures are logged, never thrown. */
    public void release(String stackId) {
        reversed().forEach(hook -> quietly(hook, "release", () -> hook.release(stackId)));
    }

    /** {@link StackHook#targetClosed} of every hook, in reverse order; failures are logged, never thrown. */
    public void targetClosed() {
        reversed().forEach(hook -> quietly(hook, "targetClosed", hook::targetClosed));
    }

    /**
     * {@link StackHook#beforeDelete} of every hook, in reverse order; every hook runs even when one before it fails.
     *
     * @return what the hooks that failed could not remove, one line each naming the hook; empty when all is removed
     */
    public List<String> beforeDelete(String stackId) {
        List<String> failures = new ArrayList<>();
        for (StackHook hook : reversed()) {
            try {
                hook.beforeDelete(stackId);
            } catch (RuntimeException e) {
                String what = callAndError(e);
                LOG.warn(
                        "cloudtest: {} could not remove what it created beside stack {}: {}",
                        hook.name(),
                        stackId,
                        what);
                failures.add(hook.name() + ": " + what);
            }
        }
        return failures;
    }

    /**
     * What failed, without the service's message, which may quote template values (a NoEcho parameter in a
     * ValidationException): the call and the error code ({@code CloudFormation ListStackResources answered
     * ValidationException}), a client-side failure as it is (a reset connection quotes nothing), else the type.
     */
    public static String callAndError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            int answered = message.indexOf(" answered ");
            if (answered > 0) {
                int colon = message.indexOf(':', answered);
                return colon > 0 ? message.substring(0, colon) : message;
            }
            if (t instanceof software.amazon.awssdk.core.exception.SdkClientException) {
                return message;
            }
        }
        return e.getClass().getSimpleName();
    }

    private List<StackHook> reversed() {
        List<StackHook> reversed = new ArrayList<>(hooks);
        Collections.reverse(reversed);
        return reversed;
    }

    private static void quietly(StackHook hook, String step, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("cloudtest: {} failed in {} (teardown goes on): {}", hook.name(), step, e.toString());
        }
    }

    /** A hook's {@link StackHook#afterCreate} failed; the cause is what it threw. */
    public static final class HookFailure extends RuntimeException {
        private final transient StackHook hook;

        HookFailure(StackHook hook, RuntimeException cause) {
            super(hook.name() + " failed after the stack was created: " + cause.getMessage(), cause);
            this.hook = hook;
        }

        /** The hook that failed. */
        public StackHook hook() {
            return hook;
        }

        /** What the hook threw. */
        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }
}
