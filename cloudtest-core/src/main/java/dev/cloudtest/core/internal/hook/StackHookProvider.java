package dev.cloudtest.core.internal.hook;

import java.util.Optional;

/**
 * Creates a {@link StackHook} for one target, or none when the hook does not apply there (e.g. a moto gap-filler on
 * AWS). Built-in providers are listed by {@code HookRegistry}; others are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.cloudtest.core.internal.hook.StackHookProvider}) and run after the built-in ones.
 */
@FunctionalInterface
public interface StackHookProvider {
    /** The hook for this target, or empty when it has nothing to do there. */
    Optional<StackHook> create(HookContext context);
}
