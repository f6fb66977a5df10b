package dev.cloudtest.core.report;

import dev.cloudtest.core.CloudTestRun;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The result of {@link CloudTestRun#check}: where stacks would go, which stacks would be provisioned, and every
 * warning and violation found — without any mutating call having been made.
 *
 * @param runId the run id the stack names use
 * @param target the target kind ({@code aws}, {@code endpoint}, ...)
 * @param account the account id, or {@code (unknown)} when the target could not be identified
 * @param region the region, or {@code (unknown)}
 * @param stacks the stacks that would be provisioned
 * @param warnings what deserves attention but does not stop a run (e.g. hard-coded names, unknown keys)
 * @param violations what would stop a run; empty when the check passed
 */
public record CheckReport(
        String runId,
        String target,
        String account,
        String region,
        List<PlannedStack> stacks,
        List<String> warnings,
        List<Violation> violations) {

    public CheckReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        stacks = List.copyOf(stacks);
        warnings = List.copyOf(warnings);
        violations = List.copyOf(violations);
    }

    /**
     * A stack a run would provision.
     *
     * @param specId the spec's id
     * @param stackName the stack name it would get
     * @param template where its template comes from
     * @param capabilities the capabilities CreateStack would be given
     * @param parameters the names of the parameters given (never their values)
     * @param notes what cloudtest would do for this stack on this target beyond CloudFormation (e.g. fill in what the
     *     emulator skips, run functions locally), one line each
     */
    public record PlannedStack(
            String specId,
            String stackName,
            String template,
            Set<String> capabilities,
            Set<String> parameters,
            java.util.List<String> notes) {
        public PlannedStack {
            notes = java.util.List.copyOf(notes);
            capabilities = Set.copyOf(capabilities);
            parameters = Set.copyOf(parameters);
        }
    }

    /**
     * Something that would stop a run.
     *
     * @param check which check: a guard ({@code account}, {@code region}, {@code account-alias}, {@code marker},
     *     {@code ownership}, {@code names}) or {@code target}, {@code configuration}, {@code template}
     * @param offendingValue the value refused (an account id, a region, a stack name, a template...)
     * @param message what is wrong and the property or file that fixes it
     */
    public record Violation(String check, String offendingValue, String message) {
        public Violation {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(offendingValue, "offendingValue");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Whether nothing would stop a run. */
    public boolean passed() {
        return violations.isEmpty();
    }

    /** A human summary: target, stacks, warnings, violations. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append("cloudtest check ")
                .append(passed() ? "passed" : "FAILED with " + violations.size() + " violation(s)")
                .append(": ")
                .append(target)
                .append(" target, account ")
                .append(account)
                .append(", region ")
                .append(region)
                .append(", run id ")
                .append(runId)
                .append('\n');
        for (PlannedStack stack : stacks) {
            text.append("  stack ")
                    .append(stack.stackName())
                    .append(" from ")
                    .append(stack.template())
                    .append(stack.capabilities().isEmpty() ? "" : ", capabilities " + stack.capabilities())
                    .append('\n');
            stack.notes().forEach(note -> text.append("    ").append(note).append('\n'));
        }
        warnings.forEach(w -> text.append("  warning: ").append(w).append('\n'));
        violations.forEach(v -> text.append("  violation [")
                .append(v.check())
                .append("]: ")
                .append(v.message())
                .append('\n'));
        return text.toString();
    }
}
