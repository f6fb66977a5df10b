package dev.cloudtest.core.internal.moto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Templates AWS accepts that moto's CloudFormation refuses, where the template sent to moto can say the same thing in
 * a way moto knows:
 *
 * <ul>
 *   <li>an {@code AWS::SQS::Queue}'s {@code QueueUrl} attribute is its {@code Ref}: moto refuses CreateStack ("resource
 *       does not support attribute type QueueUrl in Fn::GetAtt"), so {@code !GetAtt Q.QueueUrl}, {@code !GetAtt [Q,
 *       QueueUrl]} and {@code ${Q.QueueUrl}} in a {@code Fn::Sub} read the {@code Ref};
 *   <li>an {@code AWS::SSM::Parameter} without a {@code Name} gets one, as CloudFormation names it ({@code
 *       CFN-<logical id>-<random>}): moto fails CreateStack with HTTP 500 without it.
 * </ul>
 */
public final class MotoTemplateGaps implements StackHook {
    /** Type → attribute whose value is the resource's {@code Ref}. */
    private static final Map<String, String> REF_ATTRIBUTES = Map.of("AWS::SQS::Queue", "QueueUrl");

    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER =
            context -> context.moto() ? Optional.of(new MotoTemplateGaps()) : Optional.empty();

    private MotoTemplateGaps() {}

    @Override
    public Template beforeCreate(PreparedStack stack, Template template) {
        Map<String, String> attributeById = template.resources().values().stream()
                .filter(r -> REF_ATTRIBUTES.containsKey(r.type()))
                .collect(Collectors.toMap(Template.Resource::logicalId, r -> REF_ATTRIBUTES.get(r.type())));
        List<String> unnamed = template.resources().values().stream()
                .filter(r -> r.type().equals("AWS::SSM::Parameter")
                        && !r.properties().has("Name"))
                .map(Template.Resource::logicalId)
                .toList();
        if (attributeById.isEmpty() && unnamed.isEmpty()) {
            return template;
        }
        ObjectNode json = template.json();
        for (String id : unnamed) {
            JsonNode resource = json.path("Resources").path(id);
            ObjectNode properties = resource.path("Properties") instanceof ObjectNode p
                    ? p
                    : ((ObjectNode) resource).putObject("Properties");
            properties.put("Name", "CFN-" + id + "-" + dev.cloudtest.core.internal.naming.RunIds.random());
        }
        for (String section : List.of("Resources", "Outputs")) {
            rewrite(json.path(section), attributeById);
        }
        return template.withJson(json);
    }

    private static void rewrite(JsonNode node, Map<String, String> attributeById) {
        if (node instanceof ObjectNode object) {
            JsonNode getAtt = object.get("Fn::GetAtt");
            if (object.size() == 1 && getAtt != null) {
                Optional<String> id = refTarget(getAtt, attributeById);
                if (id.isPresent()) {
                    object.remove("Fn::GetAtt");
                    object.put("Ref", id.get());
                    return;
                }
            }
            JsonNode sub = object.get("Fn::Sub");
            if (sub != null) {
                JsonNode text = sub.isArray() ? sub.path(0) : sub;
                if (text.isTextual()) {
                    String rewritten = text.asText();
                    for (Map.Entry<String, String> e : attributeById.entrySet()) {
                        rewritten = rewritten.replace(
                                "${" + e.getKey() + "." + e.getValue() + "}", "${" + e.getKey() + "}");
                    }
                    if (sub.isArray()) {
                        ((ArrayNode) sub).set(0, rewritten);
                    } else {
                        object.put("Fn::Sub", rewritten);
                    }
                }
            }
        }
        node.forEach(child -> rewrite(child, attributeById));
    }

    /** The resource whose attribute, named in this GetAtt, is its Ref; empty for any other GetAtt. */
    private static Optional<String> refTarget(JsonNode getAtt, Map<String, String> attributeById) {
        String id;
        String attribute;
        if (getAtt.isTextual() && getAtt.asText().contains(".")) {
            id = getAtt.asText().substring(0, getAtt.asText().indexOf('.'));
            attribute = getAtt.asText().substring(id.length() + 1);
        } else if (getAtt.isArray()
                && getAtt.size() == 2
                && getAtt.get(0).isTextual()
                && getAtt.get(1).isTextual()) {
            id = getAtt.get(0).asText();
            attribute = getAtt.get(1).asText();
        } else {
            return Optional.empty();
        }
        return attribute.equals(attributeById.get(id)) ? Optional.of(id) : Optional.empty();
    }
}
