package dev.cloudtest.core.exception;

import dev.cloudtest.core.report.TeardownReport;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Teardown left something behind. {@link #reports()} lists every leftover with its reason; the sweeper removes them
 * after they expire, or remove them by hand.
 */
public class TeardownIncompleteException extends CloudTestException {
    private static final long serialVersionUID = 1L;

    private final transient List<TeardownReport> reports;

    public TeardownIncompleteException(List<TeardownReport> reports) {
        super("Teardown left resources behind:\n"
                + reports.stream()
                        .flatMap(r -> r.leftovers().stream().map(l -> "  - " + r.stackName() + ": " + l))
                        .collect(Collectors.joining("\n"))
                + "\nThey carry cloudtest tags and expire; `mvn cloudtest:sweep -Dcloudtest.sweep.confirm=true` removes "
                + "them after expiry, or delete them by hand.");
        this.reports = List.copyOf(reports);
    }

    /** The incomplete teardowns. */
    public List<TeardownReport> reports() {
        return reports;
    }
}
