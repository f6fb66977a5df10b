package dev.cloudtest.junit5;

import dev.cloudtest.core.KeepPolicy;
import java.util.Optional;

/**
 * Whether a {@link CloudStack}'s stack is kept after its tests, for that stack alone, as {@code @TempDir(cleanup = …)}
 * decides for one directory. A kept stack still expires and is removed by the sweeper after {@code cloudtest.ttl}.
 */
public enum Keep {
    /** As configured: {@code cloudtest.keep} (default {@code never}). */
    DEFAULT,
    /** Always tear the stack down. */
    NEVER,
    /** Keep the stack when any test (or setup) of its class failed, so it can be inspected. */
    ON_FAILURE,
    /** Never tear the stack down. */
    ALWAYS;

    /** The policy this stands for; empty for {@link #DEFAULT}, which follows {@code cloudtest.keep}. */
    public Optional<KeepPolicy> policy() {
        return this == DEFAULT ? Optional.empty() : Optional.of(KeepPolicy.valueOf(name()));
    }
}
