package dev.cloudtest.core.internal.fixturebeta;

import dev.cloudtest.core.internal.fixturealpha.Alpha;

/** Half of a deliberate package cycle (with {@link Alpha}) that proves ArchitectureTest's cycle rule can fail. */
public final class Beta {
    /** Uses the other half. */
    public Alpha alpha() {
        return new Alpha();
    }
}
