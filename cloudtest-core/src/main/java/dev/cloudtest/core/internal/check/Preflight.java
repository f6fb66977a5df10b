package dev.cloudtest.core.internal.check;

import dev.cloudtest.core.CheckReport;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestException;
import dev.cloudtest.core.ConfigurationException;
import dev.cloudtest.core.GuardViolationException;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.TargetUnavailableException;
import dev.cloudtest.core.internal.emulator.EmulatorCompatibility;
import dev.cloudtest.core.internal.guard.NameLint;
import dev.cloudtest.core.internal.guard.TargetGuard;
import dev.cloudtest.core.internal.local.StackFunctions;
import dev.cloudtest.core.internal.stack.StackNames;
import dev.cloudtest.core.internal.stack.StackProvisioner;
import dev.cloudtest.core.internal.stack.TakenStackName;
import dev.cloudtest.core.internal.target.ResolvedTarget;
import dev.cloudtest.core.internal.template.Template;
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
 * mutating call, collected into a {@link CheckReport} instead of thrown one at a time. The only calls to the target
 * are reads: STS {@code GetCallerIdentity}, IAM {@code ListAccountAliases} and SSM {@code GetParameter} when those
 * guards are configured, and CloudFormation {@code DescribeStacks} for each would-be stack name.
 */
public final class Preflight {
    private static final String UNKNOWN = "(unknown)";

    private Preflight() {}

    /** Runs the check; throws only for programming errors, never for a refusal. */
    public static CheckReport check(CloudTestConfig config, List<StackSpec> specs) {
        List<String> warnings = new ArrayList<>();
        List<CheckReport.Violation> violations = new ArrayList<>();
        for (String unknown : config.unknownKeys()) {
            warnings.add("unknown configuration key '" + unknown + "' is ignored (a typo?)");
        }
        ResolvedTarget target;
        try {
            target = ResolvedTarget.resolve(config);
        } catch (TargetUnavailableException | ConfigurationException e) {
            violations.add(new CheckReport.Violation(
                    e instanceof TargetUnavailableException ? "target" : "configuration",
                    config.target().configValue(),
                    e.getMessage()));
            return new CheckReport(
                    config.runId(), config.target().configValue(), UNKNOWN, UNKNOWN, List.of(), warnings, violations);
        } catch (GuardViolationException e) {
            violations.add(violation(e));
            return new CheckReport(
                    config.runId(), config.target().configValue(), UNKNOWN, UNKNOWN, List.of(), warnings, violations);
        }
        try (target) {
            CloudSession session = target.session();
            TargetGuard.violations(config, session).forEach(v -> violations.add(violation(v)));
            List<CheckReport.PlannedStack> stacks = new ArrayList<>();
            if (violations.isEmpty()) {
                // Templates and names are only worth reading on a target the guards accept.
                StackProvisioner provisioner = new StackProvisioner(
                        config,
                        session,
                        target.clients(),
                        new EmulatorCompatibility(
                                session,
                                StackFunctions.localSelection(
                                        config, session.endpoint().isPresent())));
                try {
                    Map<String, Integer> namesUsed = new HashMap<>();
                    for (StackSpec spec : specs) {
                        stacks.add(checkStack(config, session, provisioner, spec, namesUsed, warnings, violations));
                    }
                } finally {
                    provisioner.close();
                }
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

    private static CheckReport.PlannedStack checkStack(
            CloudTestConfig config,
            CloudSession session,
            StackProvisioner provisioner,
            StackSpec spec,
            Map<String, Integer> namesUsed,
            List<String> warnings,
            List<CheckReport.Violation> violations) {
        String name = StackNames.unique(config.namePrefix(), spec.id(), config.runId(), namesUsed);
        Set<String> capabilities = new TreeSet<>(spec.capabilities());
        try {
            Template template = Template.parse(spec.readTemplate(), spec.templateOrigin());
            capabilities.addAll(template.requiredCapabilities());
            if (!config.bool(CloudTestConfig.GUARD_STRICT_NAMES, false)) {
                for (NameLint.Finding finding : NameLint.findings(template)) {
                    warnings.add(spec.templateOrigin() + ": hard-coded physical name " + finding
                            + " collides between parallel runs; derive it from ${AWS::StackName} or a parameter "
                            + "(cloudtest.guard.strict-names=true makes this a violation)");
                }
            }
            // The provisioner's own validation, exactly as a run applies it (parameters, strict names, size), and
            // what the run's local functions would refuse.
            provisioner.prepare(spec, name, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            StackFunctions.check(
                    template, spec.parameters(), config, session.endpoint().isPresent());
        } catch (GuardViolationException e) {
            violations.add(violation(e));
        } catch (ConfigurationException e) {
            violations.add(new CheckReport.Violation("template", spec.templateOrigin(), e.getMessage()));
        }
        try {
            TakenStackName.refusal(session.client(CloudFormationClient.class), name)
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
                new TreeSet<>(spec.parameters().keySet()));
    }

    private static CheckReport.Violation violation(GuardViolationException e) {
        return new CheckReport.Violation(e.guard(), e.offendingValue(), e.getMessage());
    }
}
