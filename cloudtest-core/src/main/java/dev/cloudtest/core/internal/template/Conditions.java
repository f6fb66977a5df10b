package dev.cloudtest.core.internal.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A template's {@code Conditions}, evaluated as CloudFormation does with the stack's parameters and pseudo parameters:
 * {@code Fn::Equals}, {@code Fn::And}, {@code Fn::Or}, {@code Fn::Not} and {@code Condition} references, with values
 * from {@code Ref}, {@code Fn::Sub}, {@code Fn::Join} and {@code Fn::Select} through the {@link IntrinsicResolver}. A
 * condition whose values cannot be told here (e.g. {@code Fn::FindInMap} into a mapping) is left undecided, never
 * guessed.
 */
public final class Conditions {
    private final JsonNode declared;
    private final IntrinsicResolver resolver;
    private final Map<String, Optional<Boolean>> decided = new LinkedHashMap<>();

    private Conditions(JsonNode declared, IntrinsicResolver resolver) {
        this.declared = declared;
        this.resolver = resolver;
    }

    /** The template's conditions, evaluated lazily with this resolver's parameters and pseudo parameters. */
    public static Conditions of(Template template, IntrinsicResolver resolver) {
        return new Conditions(template.json().path("Conditions"), resolver);
    }

    /** The value of a named condition; empty when it does not exist or cannot be told here. */
    public Optional<Boolean> value(String name) {
        return value(name, new HashSet<>());
    }

    /** Whether a resource should exist: true without a {@code Condition}; empty when its condition is undecided. */
    public Optional<Boolean> shouldExist(Template template, String logicalId) {
        JsonNode condition = template.json().path("Resources").path(logicalId).path("Condition");
        return condition.isTextual() ? value(condition.asText()) : Optional.of(true);
    }

    private Optional<Boolean> value(String name, Set<String> visiting) {
        if (decided.containsKey(name)) {
            return decided.get(name);
        }
        if (!declared.has(name) || !visiting.add(name)) {
            return Optional.empty(); // unknown, or a cycle CloudFormation itself would refuse
        }
        Optional<Boolean> value = evaluate(declared.get(name), visiting);
        visiting.remove(name);
        decided.put(name, value);
        return value;
    }

    private Optional<Boolean> evaluate(JsonNode node, Set<String> visiting) {
        if (node.isBoolean()) {
            return Optional.of(node.asBoolean());
        }
        if (!node.isObject() || node.size() != 1) {
            return Optional.empty();
        }
        String function = node.fieldNames().next();
        JsonNode argument = node.get(function);
        switch (function) {
            case "Condition":
                return argument.isTextual() ? value(argument.asText(), visiting) : Optional.empty();
            case "Fn::Not":
                return argument.isArray() && argument.size() == 1
                        ? evaluate(argument.get(0), visiting).map(v -> !v)
                        : Optional.empty();
            case "Fn::And":
            case "Fn::Or":
                return combine(function.equals("Fn::And"), argument, visiting);
            case "Fn::Equals":
                return equalsOf(argument);
            default:
                return Optional.empty();
        }
    }

    /** And/Or: decided as soon as one operand decides it (false for And, true for Or), else by all of them. */
    private Optional<Boolean> combine(boolean and, JsonNode operands, Set<String> visiting) {
        if (!operands.isArray() || operands.isEmpty()) {
            return Optional.empty();
        }
        boolean undecided = false;
        for (JsonNode operand : operands) {
            Optional<Boolean> value = evaluate(operand, visiting);
            if (value.isEmpty()) {
                undecided = true;
            } else if (value.get() != and) {
                return Optional.of(!and);
            }
        }
        return undecided ? Optional.empty() : Optional.of(and);
    }

    private Optional<Boolean> equalsOf(JsonNode operands) {
        if (!operands.isArray() || operands.size() != 2) {
            return Optional.empty();
        }
        JsonNode left = resolver.resolve(operands.get(0));
        JsonNode right = resolver.resolve(operands.get(1));
        if (left == null || right == null || !left.isValueNode() || !right.isValueNode()) {
            return Optional.empty();
        }
        return Optional.of(left.asText().equals(right.asText()));
    }
}
