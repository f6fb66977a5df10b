package dev.cloudtest.core.internal.moto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.Template;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto's CloudFormation reads a state machine's {@code DefinitionString} only: a {@code Definition} object is dropped
 * and {@code DefinitionSubstitutions} are left unreplaced, so the state machine it creates is empty or invokes
 * {@code "${FunctionArn}"}. The template sent to moto says the same thing in the form it reads: the definition as a
 * {@code DefinitionString} joined from its text and the substitutions' values (SAM writes every state machine with
 * substitutions). A {@code ${...}} that is no substitution stays as written, as on AWS.
 */
public final class MotoStateMachineDefinitions implements StackHook {
    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER =
            context -> context.moto() ? Optional.of(new MotoStateMachineDefinitions()) : Optional.empty();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_MACHINE = "AWS::StepFunctions::StateMachine";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> INTRINSICS = Set.of(
            "Ref",
            "Fn::GetAtt",
            "Fn::Sub",
            "Fn::Join",
            "Fn::Select",
            "Fn::If",
            "Fn::ImportValue",
            "Fn::FindInMap",
            "Fn::Base64",
            "Fn::Split");

    private MotoStateMachineDefinitions() {}

    @Override
    public List<String> describe(PreparedStack stack) {
        return rewritten(stack.template()).stream()
                .map(id -> id + "'s Definition / DefinitionSubstitutions are sent to moto as a DefinitionString, the "
                        + "only form moto reads")
                .toList();
    }

    @Override
    public Template beforeCreate(PreparedStack stack, Template template) {
        if (rewritten(template).isEmpty()) {
            return template;
        }
        ObjectNode json = template.json();
        Iterator<Map.Entry<String, JsonNode>> resources = json.path("Resources").fields();
        while (resources.hasNext()) {
            JsonNode resource = resources.next().getValue();
            if (resource.path("Type").asText("").equals(STATE_MACHINE)
                    && resource.path("Properties").isObject()) {
                rewrite((ObjectNode) resource.get("Properties"));
            }
        }
        return template.withJson(json);
    }

    private static List<String> rewritten(Template template) {
        return template.resources().values().stream()
                .filter(r -> r.type().equals(STATE_MACHINE))
                .filter(r -> r.properties().path("Definition").isObject()
                        || r.properties().has("DefinitionSubstitutions"))
                .map(Template.Resource::logicalId)
                .toList();
    }

    /** Rewrites one state machine's properties in place. */
    static void rewrite(ObjectNode properties) {
        ObjectNode variables = properties.path("DefinitionSubstitutions").isObject()
                ? (ObjectNode) properties.get("DefinitionSubstitutions").deepCopy()
                : JsonNodeFactory.instance.objectNode();
        JsonNode definition = properties.get("DefinitionString");
        if (properties.path("Definition").isObject()) {
            JsonNode object = properties.get("Definition").deepCopy();
            object = lift(object, variables);
            try {
                definition = JsonNodeFactory.instance.textNode(JSON.writeValueAsString(object));
            } catch (JsonProcessingException e) {
                return; // left as it is: the fidelity check reports what moto does not read
            }
            properties.remove("Definition");
        }
        if (definition == null) {
            return;
        }
        properties.set("DefinitionString", substituted(definition, variables));
        properties.remove("DefinitionSubstitutions");
    }

    /** The definition with each {@code ${key}} of the substitutions replaced when the stack is created. */
    private static JsonNode substituted(JsonNode definition, ObjectNode variables) {
        if (definition.isTextual()) {
            return joined(definition.asText(), variables, false);
        }
        JsonNode existing = definition.get("Fn::Sub");
        if (existing != null && existing.isTextual()) {
            // Already a Sub: the template's names in it stay for CloudFormation, the substitutions are joined in.
            return joined(existing.asText(), variables, true);
        }
        JsonNode join = definition.get("Fn::Join");
        if (join != null && join.path(1).isArray()) {
            ArrayNode parts = JsonNodeFactory.instance.arrayNode();
            for (JsonNode part : join.get(1)) {
                parts.add(part.isTextual() ? joined(part.asText(), variables, false) : part);
            }
            ObjectNode rewritten = JsonNodeFactory.instance.objectNode();
            rewritten.putArray("Fn::Join").add(join.path(0)).add(parts);
            return rewritten;
        }
        return definition;
    }

    /**
     * The text as an {@code Fn::Join} of its pieces and the values of the substitutions it names, or as it was when it
     * names none. A join, not an {@code Fn::Sub} with variables: moto substitutes those with Python's {@code
     * string.Template}, which turns the context object's {@code $$.} into {@code $.}. With {@code sub}, the pieces
     * were an {@code Fn::Sub} and stay one.
     */
    private static JsonNode joined(String text, ObjectNode variables, boolean sub) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        ArrayNode parts = JsonNodeFactory.instance.arrayNode();
        int from = 0;
        while (placeholder.find()) {
            if (variables.has(placeholder.group(1))) {
                piece(parts, text.substring(from, placeholder.start()), sub);
                parts.add(variables.get(placeholder.group(1)));
                from = placeholder.end();
            }
        }
        if (from == 0) {
            return piece(JsonNodeFactory.instance.arrayNode(), text, sub).get(0);
        }
        piece(parts, text.substring(from), sub);
        ObjectNode join = JsonNodeFactory.instance.objectNode();
        join.putArray("Fn::Join").add("").add(parts);
        return join;
    }

    private static ArrayNode piece(ArrayNode parts, String text, boolean sub) {
        if (sub && text.contains("${")) {
            parts.addObject().put("Fn::Sub", text);
        } else if (!text.isEmpty() || parts.isEmpty()) {
            parts.add(text);
        }
        return parts;
    }

    /**
     * A {@code Definition} object with each intrinsic function in it ({@code Fn::GetAtt Fn.Arn} as a string value)
     * replaced by a {@code ${cloudtest.definition.N}} variable holding it.
     */
    private static JsonNode lift(JsonNode node, ObjectNode variables) {
        if (node.isObject()) {
            if (node.size() == 1 && INTRINSICS.contains(node.fieldNames().next())) {
                String name = "cloudtest.definition." + variables.size();
                variables.set(name, node);
                return JsonNodeFactory.instance.textNode("${" + name + "}");
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), lift(e.getValue(), variables)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(child -> copy.add(lift(child, variables)));
            return copy;
        }
        return node;
    }
}
