package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.CloudTestException;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.internal.guard.TargetGuard;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.naming.StackNames;
import dev.cloudtest.core.internal.stack.TakenStackName;
import dev.cloudtest.core.internal.target.ResolvedTarget;
import dev.cloudtest.core.report.CheckReport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The zero-mutation preflight behind {@code CloudTestRun.check}: every check a run would make before its first
 * mutating call — the same preparation and the same hooks' checks, on the same {@link TargetContext} — collected into
 * a {@link CheckReport} instead of thrown one at a time, with what each hook would do. The only calls to the target are
 * reads: STS {@code GetCallerIdentity}, IAM {@code ListAccountAliases} and SSM {@code GetParameter} when those guards
 * are configured, CloudFormation {@code DescribeStacks} for each would-be stack name, and moto's {@code /moto-api/}.
 */
public final class Preflight {
    private static final String UNKNOWN = "(unknown)";

    private Preflight() {}

    /** Runs the check; throws only for programming errors, never for a refusal. */
    public static CheckReport check(CloudTestConfig config, List<StackSpec> specs) {
        List<String> warnings = new ArrayList<>();
        List<CheckReport.Violation> violations = new ArrayList<>();
        for (String unknown : config.unknownKeys()) {
            warnings.add("unknown configuration key '" + unknown + "' is ignored ("
                    + CloudTestConfig.retiredKeyHint(unknown).orElse("a typo?") + ")");
        }
        ResolvedTarget target;
        try {
            target = ResolvedTarget.resolve(config);
        } catch (TargetUnavailableException | ConfigurationException e) {
            violations.add(new CheckReport.Violation(
                    e instanceof TargetUnavailableException ? "target" : "configuration",
                    config.target().configValue(),
                    e.getMessage()));
            return unresolved(config, warnings, violations);
        } catch (GuardViolationException e) {
            violations.add(violation(e));
            return unresolved(config, warnings, violations);
        }
        CloudSession session = target.session();
        TargetGuard.violations(config, session).forEach(v -> violations.add(violation(v)));
        if (!violations.isEmpty()) {
            // Templates and names are only worth reading on a target the guards accept.
            target.close();
            return new CheckReport(
                    config.runId(),
                    session.kind().configValue(),
                    session.accountId(),
                    session.region(),
                    List.of(),
                    warnings,
                    violations);
        }
        try (TargetContext context = TargetContext.of(config, target)) {
            List<CheckReport.PlannedStack> stacks = new ArrayList<>();
            Map<String, Integer> namesUsed = new HashMap<>();
            for (StackSpec spec : specs) {
                stacks.add(checkStack(context, spec, namesUsed, warnings, violations));
            }
            return new CheckReport(
                    config.runId(),
                    session.kind().configValue(),
                    session.accountId(),
                    session.region(),
                    stacks,
                    warnings,
                    violations);
        }
    }

    private static CheckReport unresolved(
            CloudTestConfig config, List<String> warnings, List<CheckReport.Violation> violations) {
        return new CheckReport(
                config.runId(), config.target().configValue(), UNKNOWN, UNKNOWN, List.of(), warnings, violations);
    }

    private static CheckReport.PlannedStack checkStack(
            TargetContext context,
            StackSpec spec,
            Map<String, Integer> namesUsed,
            List<String> warnings,
            List<CheckReport.Violation> violations) {
        CloudTestConfig config = context.config();
        String name = StackNames.unique(config.namePrefix(), spec.id(), config.runId(), config.sessionId(), namesUsed);
        Set<String> capabilities = new TreeSet<>(spec.capabilities());
        List<String> notes = new ArrayList<>();
        try {
            // Exactly what a run does before its first mutating call: the provisioner's preparation (parameters,
            // strict names, size), then every hook's check.
            PreparedStack prepared = context.hooks()
                    .expand(context.provisioner()
                            .prepare(spec, name, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            capabilities.addAll(prepared.capabilities());
            warnings.addAll(prepared.warnings());
            notes.addAll(context.hooks().describe(prepared));
            context.hooks().check(prepared);
        } catch (GuardViolationException e) {
            violations.add(violation(e));
        } catch (ConfigurationException e) {
            violations.add(new CheckReport.Violation("template", spec.templateOrigin(), e.getMessage()));
        }
        try {
            TakenStackName.refusal(context.session().client(CloudFormationClient.class), name)
                    .ifPresent(e -> violations.add(violation(e)));
        } catch (SdkException | CloudTestException e) {
            violations.add(new CheckReport.Violation(
                    "ownership",
                    name,
                    "Cannot check whether stack name " + name + " is taken: " + e.getMessage()
                            + ". Grant cloudformation:DescribeStacks."));
        }
        return new CheckReport.PlannedStack(
                spec.id(),
                name,
                spec.templateOrigin(),
                capabilities,
                new TreeSet<>(spec.parameters().keySet()),
                notes);
    }

    private static CheckReport.Violation violation(GuardViolationException e) {
        return new CheckReport.Violation(e.guard(), e.offendingValue(), e.getMessage());
    }
}
