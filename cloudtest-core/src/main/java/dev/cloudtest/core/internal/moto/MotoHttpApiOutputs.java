package dev.cloudtest.core.internal.moto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * moto's CloudFormation cannot create HTTP APIs ({@code AWS::ApiGatewayV2::*}) and answers HTTP 500 to an output that
 * names one, before it could say that it does not create the API. Such outputs are left out of the template sent to
 * moto (the local functions hook resolves them against the local API); a resource that reads an HTTP API's attribute is
 * refused before anything is created, since neither moto nor cloudtest can give that value before the stack exists.
 */
public final class MotoHttpApiOutputs implements StackHook {
    private static final Logger LOG = Loggers.get(MotoHttpApiOutputs.class);

    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER =
            context -> context.moto() ? Optional.of(new MotoHttpApiOutputs()) : Optional.empty();

    private MotoHttpApiOutputs() {}

    @Override
    public List<String> describe(PreparedStack stack) {
        List<String> apiIds = httpApiParts(stack.template());
        List<String> lines = new ArrayList<>();
        stack.template().json().path("Outputs").fields().forEachRemaining(output -> {
            if (apiIds.stream().anyMatch(id -> Template.references(output.getValue(), id))) {
                lines.add("output " + output.getKey() + " names an HTTP API, which moto cannot evaluate: it is "
                        + "resolved against cloudtest's local API instead");
            }
        });
        return lines;
    }

    @Override
    public void check(PreparedStack stack) {
        refuseAttributesOfHttpApis(stack.template());
    }

    @Override
    public Template beforeCreate(PreparedStack stack, Template template) {
        List<String> apiIds = httpApiParts(template);
        ObjectNode json = template.json();
        JsonNode outputs = json.path("Outputs");
        if (apiIds.isEmpty() || !outputs.isObject()) {
            return template;
        }
        List<String> removed = new ArrayList<>();
        outputs.fields().forEachRemaining(output -> {
            if (apiIds.stream().anyMatch(id -> Template.references(output.getValue(), id))) {
                removed.add(output.getKey());
                if (output.getValue().has("Condition") || output.getValue().has("Export")) {
                    LOG.warn(
                            "cloudtest: output {} names an HTTP API, which moto cannot evaluate; its {} is lost on moto",
                            output.getKey(),
                            output.getValue().has("Export")
                                    ? "Export (Fn::ImportValue in other stacks will not find it)"
                                    : "value");
                }
            }
        });
        if (removed.isEmpty()) {
            return template;
        }
        removed.forEach(((ObjectNode) outputs)::remove);
        if (outputs.isEmpty()) {
            json.remove("Outputs");
        }
        LOG.debug("cloudtest: outputs {} name an HTTP API; cloudtest resolves them against the local API", removed);
        return template.withJson(json);
    }

    /**
     * moto fails a whole template in which another resource reads an attribute of an HTTP API ("Fn::GetAtt references
     * undefined resource"); cloudtest cannot give that value before the stack exists either. Say so, before anything
     * is created.
     */
    static void refuseAttributesOfHttpApis(Template template) {
        List<String> apiParts = httpApiParts(template);
        for (Template.Resource resource : template.resources().values()) {
            if (resource.type().startsWith(Template.API_GATEWAY_V2)) {
                continue;
            }
            for (String part : apiParts) {
                if (Template.readsAttributeOf(resource.properties(), part)) {
                    throw new ConfigurationException("Template " + template.origin() + ": " + resource.logicalId()
                            + " reads an attribute of " + part + " (e.g. !GetAtt " + part
                            + ".ApiEndpoint). moto cannot create HTTP APIs and refuses such a template; cloudtest "
                            + "serves the API locally only after the stack exists. Give the URL to the resource "
                            + "another way (an output the tests read, a parameter), or run this stack on AWS.");
                }
            }
        }
    }

    /** The logical ids of the template's API Gateway v2 resources. */
    private static List<String> httpApiParts(Template template) {
        return template.resources().values().stream()
                .filter(r -> r.type().startsWith(Template.API_GATEWAY_V2))
                .map(Template.Resource::logicalId)
                .toList();
    }
}
