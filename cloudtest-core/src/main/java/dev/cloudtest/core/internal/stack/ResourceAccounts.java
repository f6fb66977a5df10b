package dev.cloudtest.core.internal.stack;

import dev.cloudtest.core.Stack;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run accounts for each resource of a stack it created, for the run report ({@link
 * dev.cloudtest.core.report.RunReport.StackEntry#resources()}): what the target created, what cloudtest filled in after
 * the stack, what was accepted missing and why, what cloudtest added that the template does not have.
 */
public final class ResourceAccounts {
    static final String CREATED = "created";
    static final String CONDITION_FALSE = "not created: its condition is false";
    static final String ACCEPTED = "accepted missing: ";
    static final String FILLED = "filled: ";
    static final String ADDED = "added by cloudtest";

    private ResourceAccounts() {}

    /**
     * The accounts once every hook has run: a resource accepted missing that the stack now has was filled in by
     * cloudtest; a resource the stack has that the template does not was added by cloudtest.
     *
     * @param verdicts what the check after creation found (see {@code DeclaredResources})
     * @param stack the stack as the hooks left it
     */
    public static Map<String, String> of(Map<String, String> verdicts, Stack stack) {
        if (verdicts.isEmpty()) {
            return Map.of();
        }
        Map<String, String> accounts = new LinkedHashMap<>();
        verdicts.forEach((id, verdict) -> accounts.put(
                id,
                verdict.startsWith(ACCEPTED) && stack.resourceTypes().containsKey(id)
                        ? FILLED + verdict.substring(ACCEPTED.length())
                        : verdict));
        stack.resourceTypes().keySet().forEach(id -> accounts.putIfAbsent(id, ADDED));
        return accounts;
    }
}
