package dev.cloudtest.core.internal.fixturealpha;

import dev.cloudtest.core.internal.fixturebeta.Beta;

/** Half of a deliberate package cycle (with {@link Beta}) that proves ArchitectureTest's cycle rule can fail. */
public final class Alpha {
    /** Uses the other half. */
    public Beta beta() {
        return new Beta();
    }
}
