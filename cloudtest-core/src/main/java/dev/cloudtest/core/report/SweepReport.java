package dev.cloudtest.core.report;

import dev.cloudtest.core.Sweeper;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one {@link Sweeper#sweep(boolean)} did. A dry run lists the candidates and deletes nothing; a confirmed sweep
 * also lists what it deleted, the teardown of every stack, and what it refused or failed to remove.
 *
 * @param confirmed whether deletion was asked for ({@code false}: dry run)
 * @param candidates every expired resource found
 * @param deleted the candidates that are gone now (empty for a dry run)
 * @param teardowns the teardown report of every stack the sweep deleted or tried to
 * @param problems what could not be removed and why (re-verification refused it, or a delete failed)
 */
public record SweepReport(
        boolean confirmed,
        List<SweepCandidate> candidates,
        List<SweepCandidate> deleted,
        List<TeardownReport> teardowns,
        List<String> problems) {

    public SweepReport {
        candidates = List.copyOf(candidates);
        deleted = List.copyOf(deleted);
        teardowns = List.copyOf(teardowns);
        problems = List.copyOf(problems);
    }

    /** Whether every candidate was dealt with: a dry run, or a confirmed sweep that removed everything. */
    public boolean isClean() {
        return problems.isEmpty() && teardowns.stream().allMatch(TeardownReport::isClean);
    }

    /** A human summary: one line per candidate, then the problems. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        if (!confirmed) {
            text.append("cloudtest sweep (dry run): ")
                    .append(candidates.size())
                    .append(" expired resource(s) would be deleted; set cloudtest.sweep.confirm=true to delete them\n");
        } else {
            text.append("cloudtest sweep: deleted ")
                    .append(deleted.size())
                    .append(" of ")
                    .append(candidates.size())
                    .append(" expired resource(s)\n");
        }
        for (SweepCandidate candidate : candidates) {
            text.append("  ")
                    .append(!confirmed ? "would delete " : deleted.contains(candidate) ? "deleted " : "left ")
                    .append(candidate)
                    .append('\n');
        }
        String leftovers = teardowns.stream()
                .flatMap(t -> t.leftovers().stream().map(l -> t.stackName() + ": " + l))
                .collect(Collectors.joining("; "));
        if (!leftovers.isEmpty()) {
            text.append("  leftovers: ").append(leftovers).append('\n');
        }
        for (String problem : problems) {
            text.append("  problem: ").append(problem).append('\n');
        }
        return text.toString();
    }
}
