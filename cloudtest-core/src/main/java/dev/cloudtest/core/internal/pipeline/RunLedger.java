package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.report.RunReport;
import dev.cloudtest.core.report.RunReport.Outcome;
import dev.cloudtest.core.report.TeardownReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a run did, as it happens: the stacks it created with their outcome, the stacks still up (for teardown at
 * close and at JVM shutdown), anything left behind, and the time per phase. Thread-safe.
 */
public final class RunLedger {
    private final Instant startedAt;
    /** Stacks created (or being created) and not yet torn down or kept: stack id → name. */
    private final Map<String, String> live = new ConcurrentHashMap<>();
    /** The stacks this run created, by stack id (or name, when CreateStack itself was refused). */
    private final Map<String, RunReport.StackEntry> entries = new ConcurrentHashMap<>();

    private final List<String> leftovers = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> phases = new ConcurrentHashMap<>();

    public RunLedger(Instant startedAt) {
        this.startedAt = startedAt;
    }

    /** Adds time to a phase of the report ({@code target}, {@code provision}, {@code teardown}, ...). */
    public void addTime(String phase, long millis) {
        phases.computeIfAbsent(phase, k -> new AtomicLong()).addAndGet(millis);
    }

    /**
     * CreateStack is about to be sent: until it answers, the stack is known by its name only, and a shutdown in the
     * meantime (the request arrived, the answer did not) deletes it by that name.
     */
    void creating(String name) {
        live.put(name, name);
    }

    /** CreateStack failed without a stack id: the name no longer stands for a stack being created. */
    void notCreated(String name) {
        live.remove(name, name);
    }

    /** A stack exists now (CreateStack returned) and must be torn down unless kept. */
    void live(String stackId, String name) {
        live.remove(name, name);
        live.put(stackId, name);
    }

    /** The stacks still up: stack id → name. */
    public Map<String, String> liveStacks() {
        return new LinkedHashMap<>(live);
    }

    /** Records a stack's outcome, keeping nothing of an earlier record but what is given. */
    void record(
            String key,
            String specId,
            String name,
            Outcome outcome,
            long provisionMillis,
            long teardownMillis,
            String diagnosis) {
        entries.put(key, new RunReport.StackEntry(specId, name, outcome, provisionMillis, teardownMillis, diagnosis));
    }

    /** The stack was torn down (completely or not); its entry, if it has one, says so. */
    void tornDown(String stackId, String name, TeardownReport report) {
        live.remove(stackId);
        if (!report.isClean()) {
            report.leftovers().forEach(l -> leftovers.add(name + ": " + l));
        }
        entries.computeIfPresent(
                stackId,
                (id, entry) -> new RunReport.StackEntry(
                        entry.id(),
                        entry.name(),
                        report.isClean() ? Outcome.DELETED : Outcome.LEFTOVERS,
                        entry.provisionMillis(),
                        report.duration().toMillis(),
                        entry.diagnosis(),
                        entry.resources()));
    }

    /** How the stack's resources came to be (created, filled, accepted missing, ...), for its entry. */
    void accountedFor(String stackId, Map<String, String> resources) {
        entries.computeIfPresent(
                stackId,
                (id, entry) -> new RunReport.StackEntry(
                        entry.id(),
                        entry.name(),
                        entry.outcome(),
                        entry.provisionMillis(),
                        entry.teardownMillis(),
                        entry.diagnosis(),
                        resources));
    }

    /** The stack stays up on purpose ({@code cloudtest.keep}); the run no longer tears it down. */
    void kept(String stackId) {
        live.remove(stackId);
        entries.computeIfPresent(
                stackId,
                (id, entry) -> new RunReport.StackEntry(
                        entry.id(),
                        entry.name(),
                        Outcome.KEPT,
                        entry.provisionMillis(),
                        0,
                        entry.diagnosis(),
                        entry.resources()));
    }

    /** Whether this run created the stack (and so may tear it down): attached and reused stacks are not. */
    public boolean createdHere(String stackId) {
        return entries.containsKey(stackId);
    }

    /** The entry of a stack this run created. */
    Optional<RunReport.StackEntry> entry(String stackId) {
        return Optional.ofNullable(entries.get(stackId));
    }

    /** The report so far; the time not spent in any phase counts as {@code tests}. */
    public RunReport report(String runId, CloudSession session) {
        Map<String, Long> phaseMillis = new LinkedHashMap<>();
        phases.forEach((k, v) -> phaseMillis.put(k, v.get()));
        Instant now = Instant.now();
        long total = Duration.between(startedAt, now).toMillis();
        long accounted =
                phaseMillis.values().stream().mapToLong(Long::longValue).sum();
        phaseMillis.put("tests", Math.max(0, total - accounted));
        List<RunReport.StackEntry> stacks = new ArrayList<>(entries.values());
        stacks.sort(Comparator.comparing(RunReport.StackEntry::name));
        return new RunReport(
                runId,
                session.kind().configValue(),
                session.accountId(),
                session.region(),
                startedAt,
                now,
                phaseMillis,
                stacks,
                List.copyOf(leftovers));
    }
}
