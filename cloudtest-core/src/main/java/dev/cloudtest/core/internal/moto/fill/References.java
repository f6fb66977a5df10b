package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.exception.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites references to resources that moto does not create, in the template sent to it. */
final class References {
    private References() {}

    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(?:\\.([A-Za-z0-9.]+))?}");

    static Optional<JsonNode> literal(Filler.Filled made, Optional<String> attribute) {
        String value =
                attribute.map(a -> made.attributes().get(a)).orElse(attribute.isEmpty() ? made.physicalId() : null);
        return Optional.ofNullable(value).map(JsonNodeFactory.instance::textNode);
    }

    /**
     * The value with every reference to {@code logicalId} replaced by what {@code value} gives for it (the {@code Ref}
     * when the attribute is empty); a {@code Fn::Sub} gets the replacement as a variable of its own.
     *
     * @throws ConfigurationException when {@code value} has nothing for a reference
     */
    static JsonNode substitute(
            JsonNode node, String logicalId, Function<Optional<String>, Optional<JsonNode>> value, String where) {
        if (node == null || node.isMissingNode()) {
            return node;
        }
        if (node.isObject() && node.size() == 1) {
            if (node.path("Ref").asText("").equals(logicalId)) {
                return required(value.apply(Optional.empty()), logicalId, "Ref", where);
            }
            JsonNode getAtt = node.get("Fn::GetAtt");
            if (getAtt != null) {
                String id = getAtt.isArray()
                        ? getAtt.path(0).asText("")
                        : getAtt.asText("").split("\\.", 2)[0];
                if (id.equals(logicalId)) {
                    String attribute = getAtt.isArray()
                            ? getAtt.path(1).asText("")
                            : getAtt.asText("").split("\\.", 2)[1];
                    return required(value.apply(Optional.of(attribute)), logicalId, attribute, where);
                }
            }
            JsonNode sub = node.get("Fn::Sub");
            if (sub != null) {
                String text = (sub.isArray() ? sub.path(0) : sub).asText("");
                ObjectNode variables = sub.isArray() && sub.path(1).isObject()
                        ? (ObjectNode) sub.path(1).deepCopy()
                        : JsonNodeFactory.instance.objectNode();
                StringBuilder rewritten = new StringBuilder();
                Matcher m = SUB_REFERENCE.matcher(text);
                boolean changed = false;
                while (m.find()) {
                    if (!m.group(1).equals(logicalId) || variables.has(m.group(1))) {
                        m.appendReplacement(rewritten, Matcher.quoteReplacement(m.group()));
                        continue;
                    }
                    Optional<String> attribute = Optional.ofNullable(m.group(2));
                    String variable = "CloudtestFilled" + logicalId
                            + attribute.map(a -> a.replace(".", "")).orElse("");
                    variables.set(
                            variable, required(value.apply(attribute), logicalId, attribute.orElse("Ref"), where));
                    m.appendReplacement(rewritten, Matcher.quoteReplacement("${" + variable + "}"));
                    changed = true;
                }
                m.appendTail(rewritten);
                if (changed) {
                    ArrayNode args = JsonNodeFactory.instance.arrayNode();
                    args.add(rewritten.toString());
                    args.add(substitute(variables, logicalId, value, where));
                    ObjectNode result = JsonNodeFactory.instance.objectNode();
                    result.set("Fn::Sub", args);
                    return result;
                }
            }
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields()
                    .forEachRemaining(e -> copy.set(e.getKey(), substitute(e.getValue(), logicalId, value, where)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(substitute(item, logicalId, value, where)));
            return copy;
        }
        return node;
    }

    private static JsonNode required(Optional<JsonNode> value, String logicalId, String attribute, String where) {
        return value.orElseThrow(() -> new ConfigurationException(where + " reads " + logicalId
                + ("Ref".equals(attribute) ? "" : "." + attribute) + ", which cloudtest creates itself on moto and "
                + "cannot give before the stack exists. Nothing was created. Run this stack on AWS (cloudtest.target="
                + "aws with a sandbox account)."));
    }

    static void removeDependsOn(ObjectNode resource, java.util.Set<String> removed) {
        JsonNode dependsOn = resource.get("DependsOn");
        if (dependsOn == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        if (dependsOn.isTextual()) {
            names.add(dependsOn.asText());
        } else {
            dependsOn.forEach(d -> names.add(d.asText()));
        }
        names.removeIf(removed::contains);
        if (names.isEmpty()) {
            resource.remove("DependsOn");
        } else {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            names.forEach(kept::add);
            resource.set("DependsOn", kept);
        }
    }
}
