package dev.cloudtest.core.internal.stack;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHooks;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/** The "verify resources" step: after CREATE_COMPLETE (or UPDATE_COMPLETE), every resource that should exist does. */
final class DeclaredResources {
    private static final Logger LOG = Loggers.get(DeclaredResources.class);

    private DeclaredResources() {}

    /**
     * Emulators skip unsupported types and still report CREATE_COMPLETE: that must fail, naming the types, unless a
     * hook accepts the missing resource (logged with its reason). Conditional resources count when their condition
     * holds for the stack's parameters ({@link dev.cloudtest.core.internal.template.Conditions}). On AWS, a template
     * with transforms is checked as CloudFormation processed it ({@link ProcessedTemplate}).
     *
     * @return each expected resource's account ({@link ResourceAccounts}): created, not created for its condition, or
     *     accepted missing with the hook's reason; empty when the processed template cannot be read
     */
    static Map<String, String> verify(PreparedStack written, Stack stack, StackHooks hooks, CloudSession session) {
        java.util.Optional<PreparedStack> expected = ProcessedTemplate.expected(written, stack.stackId(), session);
        if (expected.isEmpty()) {
            return Map.of();
        }
        PreparedStack prepared = expected.get();
        String name = prepared.name();
        java.util.Collection<String> present = stack.resourceTypes().keySet();
        // A conditional resource is expected exactly when its condition holds for these parameters; one whose
        // condition cannot be told here (e.g. Fn::FindInMap) is not expected, as before.
        dev.cloudtest.core.internal.template.Conditions conditions = dev.cloudtest.core.internal.template.Conditions.of(
                prepared.template(),
                dev.cloudtest.core.internal.template.IntrinsicResolver.forStack(
                        stack, prepared.parametersWithDefaults()));
        Map<String, String> verdicts = new java.util.LinkedHashMap<>();
        List<Template.Resource> missing = new java.util.ArrayList<>();
        for (Template.Resource r : prepared.template().resources().values()) {
            if (present.contains(r.logicalId())) {
                verdicts.put(r.logicalId(), ResourceAccounts.CREATED);
            } else if (r.conditional()
                    && !conditions
                            .shouldExist(prepared.template(), r.logicalId())
                            .orElse(false)) {
                verdicts.put(r.logicalId(), ResourceAccounts.CONDITION_FALSE);
            } else {
                missing.add(r);
            }
        }
        Map<Template.Resource, String> accepted = hooks.acceptMissing(missing, prepared);
        if (!accepted.isEmpty()) {
            LOG.info(
                    "cloudtest: {}: the target does not create {}; accepted as missing ({})",
                    name,
                    accepted.keySet().stream()
                            .map(r -> r.logicalId() + " (" + r.type() + ")")
                            .toList(),
                    String.join("; ", new java.util.LinkedHashSet<>(accepted.values())));
            missing = missing.stream().filter(r -> !accepted.containsKey(r)).toList();
            accepted.forEach((r, why) -> verdicts.put(r.logicalId(), ResourceAccounts.ACCEPTED + why));
        }
        if (!missing.isEmpty()) {
            String list = missing.stream()
                    .map(r -> r.logicalId() + " (" + r.type() + ")")
                    .collect(Collectors.joining(", "));
            Set<String> types =
                    missing.stream().map(Template.Resource::type).collect(Collectors.toCollection(TreeSet::new));
            throw new ProvisioningFailedException(
                    name,
                    "the stack reports CREATE_COMPLETE but " + missing.size()
                            + " declared resource(s) do not exist: " + list
                            + ". The target most likely does not support "
                            + "resource type(s) " + types
                            + " (emulators skip unsupported types silently). Use supported "
                            + "types, or run this stack on a target that supports them."
                            + hooks.hintForMissing(types, prepared),
                    missing.get(0).logicalId(),
                    null);
        }
        return verdicts;
    }
}
