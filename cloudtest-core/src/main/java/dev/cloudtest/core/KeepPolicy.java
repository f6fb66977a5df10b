package dev.cloudtest.core;

import java.util.Locale;

/** Whether a stack is kept after its tests instead of being torn down ({@code cloudtest.keep}). */
public enum KeepPolicy {
    /** Always tear down (the default). */
    NEVER,
    /** Keep the stack when any of its tests (or its setup) failed, so it can be inspected; tear down otherwise. */
    ON_FAILURE,
    /** Never tear down; the stack still expires and is removed by the sweeper after {@code cloudtest.ttl}. */
    ALWAYS;

    /** Whether a stack whose tests ended with {@code failed} is kept under this policy. */
    public boolean keeps(boolean failed) {
        return this == ALWAYS || (this == ON_FAILURE && failed);
    }

    /** The value as written in configuration: {@code never}, {@code on-failure}, {@code always}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
