package dev.cloudtest.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cloudtest.core.CloudTestRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one {@link CloudTestRun} did: the target, every stack with its timings and outcome, time per phase, and
 * anything left behind. Written as JSON (and text) to {@code cloudtest.report.dir} when the run closes; CI can gate
 * on {@link #leftovers()}.
 *
 * @param runId the run id
 * @param target the target kind
 * @param account the account id
 * @param region the region
 * @param startedAt when the run started
 * @param finishedAt when it was closed
 * @param phases milliseconds per phase: {@code target}, {@code synth} (CDK apps), {@code package}, {@code provision},
 *     {@code teardown}, the hooks' own phases (such as {@code local-functions}), and {@code tests} (the rest)
 * @param stacks each stack the run provisioned
 * @param leftovers what was left behind, as text
 */
public record RunReport(
        String runId,
        String target,
        String account,
        String region,
        Instant startedAt,
        Instant finishedAt,
        Map<String, Long> phases,
        List<StackEntry> stacks,
        List<String> leftovers) {

    public RunReport {
        phases = Map.copyOf(phases);
        stacks = List.copyOf(stacks);
        leftovers = List.copyOf(leftovers);
    }

    /**
     * One stack of the run.
     *
     * @param id the spec id
     * @param name the stack name
     * @param outcome what became of the stack
     * @param provisionMillis how long provisioning took
     * @param teardownMillis how long teardown took (0 when not torn down)
     * @param diagnosis why provisioning failed, when it did
     * @param resources how the run accounts for each resource of the stack, by logical id: {@code created} (by the
     *     target), {@code filled: <how>} (the target does not create it; cloudtest did, after the stack), {@code
     *     accepted missing: <why>} (not created, and not needed there: served locally, say), {@code added by
     *     cloudtest} (not in the template: a relay queue cloudtest adds for a local function's trigger), {@code not
     *     created: its condition is false}; empty for a stack this run did not create or update
     */
    public record StackEntry(
            String id,
            String name,
            Outcome outcome,
            long provisionMillis,
            long teardownMillis,
            String diagnosis,
            Map<String, String> resources) {

        public StackEntry {
            resources = resources == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(resources));
        }

        /** An entry that accounts for no resources (yet). */
        public StackEntry(
                String id, String name, Outcome outcome, long provisionMillis, long teardownMillis, String diagnosis) {
            this(id, name, outcome, provisionMillis, teardownMillis, diagnosis, Map.of());
        }
    }

    /** What became of a stack of the run; written in lower case ({@code deleted}, {@code kept}, ...). */
    public enum Outcome {
        /** Still up when the report was made. */
        LIVE,
        /** Torn down completely. */
        DELETED,
        /** Kept by {@code cloudtest.keep}; the sweeper removes it once it expires. */
        KEPT,
        /** Provisioning failed; nothing is left. */
        FAILED,
        /** Teardown could not remove everything; see {@link RunReport#leftovers()}. */
        LEFTOVERS;

        /** The outcome as the report writes it, e.g. {@code deleted}. */
        @com.fasterxml.jackson.annotation.JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The report as pretty JSON. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
        try {
            return mapper.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short human summary: stacks with their times, time per phase, leftovers. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append("cloudtest run ")
                .append(runId)
                .append(" on ")
                .append(target)
                .append(" (account ")
                .append(account)
                .append(", ")
                .append(region)
                .append(") in ")
                .append(Duration.between(startedAt, finishedAt).toMillis())
                .append(" ms\n");
        for (StackEntry stack : stacks) {
            text.append("  stack ")
                    .append(stack.name())
                    .append(": provisioned in ")
                    .append(stack.provisionMillis())
                    .append(" ms, ")
                    .append(stack.outcome());
            if (stack.teardownMillis() > 0) {
                text.append(" in ").append(stack.teardownMillis()).append(" ms");
            }
            if (stack.diagnosis() != null) {
                text.append(" (").append(stack.diagnosis()).append(')');
            }
            text.append('\n');
            if (!stack.resources().isEmpty()) {
                // created 9; filled 2 [Sub1, Sub2]; accepted missing 1 [Api]: the few that are not plain are named
                Map<String, List<String>> byKind = new java.util.LinkedHashMap<>();
                stack.resources().forEach((id, how) -> byKind.computeIfAbsent(
                                how.contains(":") ? how.substring(0, how.indexOf(':')) : how,
                                k -> new java.util.ArrayList<>())
                        .add(id));
                List<String> kinds = new java.util.ArrayList<>();
                byKind.forEach(
                        (kind, ids) -> kinds.add(kind + " " + ids.size() + (kind.equals("created") ? "" : " " + ids)));
                text.append("    resources: ").append(String.join("; ", kinds)).append('\n');
            }
        }
        text.append("  phases (ms): ").append(new java.util.TreeMap<>(phases)).append('\n');
        text.append("  leftovers: ")
                .append(leftovers.isEmpty() ? "none" : String.join("; ", leftovers))
                .append('\n');
        return text.toString();
    }
}
