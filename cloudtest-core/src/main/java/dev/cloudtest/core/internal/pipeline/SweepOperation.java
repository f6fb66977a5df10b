package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.internal.sweep.ExpiredResources;
import dev.cloudtest.core.internal.sweep.ExpiryRule;
import dev.cloudtest.core.report.SweepCandidate;
import dev.cloudtest.core.report.SweepReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The sweeper's way into a run's target: expired cloudtest resources found and removed with the run's own guarded
 * session and teardown (so stack hooks' {@code beforeDelete} run for swept stacks too).
 */
public final class SweepOperation {
    private final ExpiredResources resources;

    public SweepOperation(TargetContext context) {
        this.resources = new ExpiredResources(context.session(), context.teardown());
    }

    /** Every expired resource within the filters; read-only. */
    public List<SweepCandidate> find(Optional<String> owner, Optional<String> namePrefix) {
        return resources.find(new ExpiryRule(Instant.now(), owner, namePrefix));
    }

    /** Lists ({@code confirm = false}) or deletes every expired resource within the filters. */
    public SweepReport sweep(Optional<String> owner, Optional<String> namePrefix, boolean confirm) {
        return resources.sweep(new ExpiryRule(Instant.now(), owner, namePrefix), confirm);
    }
}
