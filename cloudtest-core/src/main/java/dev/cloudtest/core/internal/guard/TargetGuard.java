package dev.cloudtest.core.internal.guard;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.TargetKind;
import dev.cloudtest.core.exception.GuardViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The account, region, alias and marker guards. They run once per run, after the caller is identified and before
 * any mutating call; every check fails closed, and the messages name the guard, the value and the property.
 */
public final class TargetGuard {
    private TargetGuard() {}

    /** Runs every target guard; throws {@link GuardViolationException} on the first refusal. */
    public static void check(CloudTestConfig config, CloudSession session) {
        List<GuardViolationException> violations = violations(config, session);
        if (!violations.isEmpty()) {
            GuardViolationException first = violations.get(0);
            violations.subList(1, violations.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /**
     * Runs every target guard and collects each refusal instead of stopping at the first (for the preflight
     * check). Makes only read calls: IAM {@code ListAccountAliases} and SSM {@code GetParameter} when configured.
     */
    public static List<GuardViolationException> violations(CloudTestConfig config, CloudSession session) {
        List<GuardViolationException> violations = new ArrayList<>();
        collect(violations, () -> checkAccount(config, session.kind(), session.accountId()));
        collect(violations, () -> checkRegion(config, session.region()));
        if (config.raw(CloudTestConfig.GUARD_ACCOUNT_ALIAS).isPresent()
                || config.raw(CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS).isPresent()) {
            collect(violations, () -> checkAlias(config, session.accountId(), accountAlias(session)));
        }
        config.raw(CloudTestConfig.GUARD_MARKER_PARAMETER)
                .ifPresent(name -> collect(violations, () -> checkMarker(name, session)));
        return violations;
    }

    private static void collect(List<GuardViolationException> violations, Runnable guard) {
        try {
            guard.run();
        } catch (GuardViolationException e) {
            violations.add(e);
        }
    }

    /** Block list first (always wins), then the allow list (required on the {@code aws} target). */
    public static void checkAccount(CloudTestConfig config, TargetKind kind, String account) {
        List<String> blocked = config.list(CloudTestConfig.GUARD_BLOCKED_ACCOUNTS);
        if (blocked.contains(account)) {
            throw new GuardViolationException(
                    "account",
                    account,
                    "Account " + account + " is blocked by "
                            + config.describe(CloudTestConfig.GUARD_BLOCKED_ACCOUNTS)
                            + ". cloudtest will not touch it; "
                            + "use credentials of a sandbox account.");
        }
        List<String> allowed = config.list(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS);
        if (allowed.isEmpty()) {
            if (kind == TargetKind.AWS) {
                throw new GuardViolationException(
                        "account",
                        account,
                        "The aws target needs an allow list of sandbox "
                                + "accounts, and none is configured. The current credentials belong to account "
                                + account
                                + ". If that is a sandbox account, set cloudtest.guard.allowed-accounts=" + account
                                + ".");
            }
            return;
        }
        if (!allowed.contains(account)) {
            throw new GuardViolationException(
                    "account",
                    account,
                    "Account " + account + " is not in "
                            + config.describe(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS) + ". If it is a sandbox account, "
                            + "add it to cloudtest.guard.allowed-accounts; otherwise use credentials of an allowed account.");
        }
    }

    /** The region must be in the allow list when one is configured. */
    public static void checkRegion(CloudTestConfig config, String region) {
        List<String> allowed = config.list(CloudTestConfig.GUARD_ALLOWED_REGIONS);
        if (!allowed.isEmpty() && !allowed.contains(region)) {
            throw new GuardViolationException(
                    "region",
                    region,
                    "Region " + region + " is not in "
                            + config.describe(CloudTestConfig.GUARD_ALLOWED_REGIONS)
                            + ". Set cloudtest.region to one of "
                            + allowed + ", or add " + region + " to cloudtest.guard.allowed-regions.");
        }
    }

    /** Anchored patterns: "prod" does not match "nonprod"; no alias at all fails an allow pattern. */
    public static void checkAlias(CloudTestConfig config, String account, Optional<String> alias) {
        Optional<String> blockPattern = config.raw(CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS);
        if (blockPattern.isPresent()
                && alias.isPresent()
                && Pattern.compile(blockPattern.get()).matcher(alias.get()).matches()) {
            throw new GuardViolationException(
                    "account-alias",
                    alias.get(),
                    "Account " + account + " has alias '"
                            + alias.get() + "', which matches "
                            + config.describe(CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS)
                            + ". cloudtest will not touch it; use credentials of a sandbox account.");
        }
        Optional<String> allowPattern = config.raw(CloudTestConfig.GUARD_ACCOUNT_ALIAS);
        if (allowPattern.isPresent()) {
            if (alias.isEmpty()) {
                throw new GuardViolationException(
                        "account-alias",
                        "(no alias)",
                        "Account " + account
                                + " has no alias, and " + config.describe(CloudTestConfig.GUARD_ACCOUNT_ALIAS)
                                + " requires one that matches. Give the sandbox account an alias, or use "
                                + "cloudtest.guard.marker-parameter instead.");
            }
            if (!Pattern.compile(allowPattern.get()).matcher(alias.get()).matches()) {
                throw new GuardViolationException(
                        "account-alias",
                        alias.get(),
                        "Account " + account + " has alias '"
                                + alias.get() + "', which does not match "
                                + config.describe(CloudTestConfig.GUARD_ACCOUNT_ALIAS)
                                + " (the whole alias must match). Use a sandbox account, or widen the pattern.");
            }
        }
    }

    private static Optional<String> accountAlias(CloudSession session) {
        try {
            return session.client(IamClient.class).listAccountAliases().accountAliases().stream()
                    .findFirst();
        } catch (SdkException e) {
            throw new GuardViolationException(
                    "account-alias",
                    session.accountId(),
                    "Cannot read the alias of account "
                            + session.accountId() + " (IAM ListAccountAliases failed: " + e.getMessage() + "). Grant "
                            + "iam:ListAccountAliases, or remove cloudtest.guard.account-alias / blocked-account-alias.");
        }
    }

    private static void checkMarker(String name, CloudSession session) {
        String value;
        try {
            value = session.client(SsmClient.class)
                    .getParameter(r -> r.name(name))
                    .parameter()
                    .value();
        } catch (ParameterNotFoundException e) {
            throw new GuardViolationException(
                    "marker",
                    name,
                    "The sandbox marker parameter " + name
                            + " does not exist in account " + session.accountId() + ", region " + session.region()
                            + " (required by cloudtest.guard.marker-parameter). Create it with value true in sandbox accounts.");
        } catch (SdkException e) {
            throw new GuardViolationException(
                    "marker",
                    name,
                    "Cannot read the sandbox marker parameter " + name + " (" + e.getMessage()
                            + "). Grant ssm:GetParameter on it, or remove cloudtest.guard.marker-parameter.");
        }
        if (!"true".equalsIgnoreCase(value.trim())) {
            throw new GuardViolationException(
                    "marker",
                    name + "=" + value,
                    "The sandbox marker parameter " + name
                            + " is '" + value + "', not 'true', in account " + session.accountId()
                            + ". cloudtest only uses accounts marked as sandboxes: set it to true if this is one, or "
                            + "point cloudtest.guard.marker-parameter at the sandbox marker.");
        }
    }
}
