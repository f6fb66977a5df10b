package dev.cloudtest.core.internal.moto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.Deployment;

/**
 * Resources moto creates but lists without a physical id, given the one CloudFormation reports, so that {@code Ref}s
 * resolve and {@code @StackResource} finds them: an {@code AWS::ApiGateway::Deployment} (its deployment id, read from its
 * REST API), an {@code AWS::Events::EventBus} (its name, what {@code Ref} gives on AWS) and an {@code
 * AWS::Lambda::Version} (the version's ARN). moto's own {@code Ref} of an event bus gives its internal object, which
 * fails CreateStack with HTTP 500 wherever a name is expected ({@code EventBusName: !Ref Bus}): the template sent to
 * moto reads the bus's {@code Name} attribute there instead, which is what the {@code Ref} gives on AWS.
 */
public final class MotoPhysicalIds implements StackHook {
    private static final Logger LOG = Loggers.get(MotoPhysicalIds.class);

    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER =
            context -> context.moto() ? Optional.of(new MotoPhysicalIds(context.session())) : Optional.empty();

    private final CloudSession session;

    private MotoPhysicalIds(CloudSession session) {
        this.session = session;
    }

    /** The ARN of the function's newest published version (what the Version resource's Ref gives). */
    private Optional<String> latestVersion(String function) {
        return session
                .client(software.amazon.awssdk.services.lambda.LambdaClient.class)
                .listVersionsByFunction(r -> r.functionName(function))
                .versions()
                .stream()
                .filter(v -> !v.version().equals("$LATEST"))
                .max(Comparator.comparingInt(v -> Integer.parseInt(v.version())))
                .map(v -> v.functionArn().endsWith(":" + v.version())
                        ? v.functionArn()
                        : v.functionArn() + ":" + v.version());
    }

    @Override
    public dev.cloudtest.core.internal.template.Template beforeCreate(
            PreparedStack stack, dev.cloudtest.core.internal.template.Template template) {
        List<String> buses = template.resources().values().stream()
                .filter(r -> r.type().equals("AWS::Events::EventBus"))
                .map(dev.cloudtest.core.internal.template.Template.Resource::logicalId)
                .toList();
        if (buses.isEmpty()) {
            return template;
        }
        com.fasterxml.jackson.databind.node.ObjectNode json = template.json();
        for (String section : List.of("Resources", "Outputs")) {
            readName(json.path(section), buses);
        }
        return template.withJson(json);
    }

    /** Rewrites {@code Ref}s (and {@code ${Bus}} in a {@code Sub}) of these buses to their {@code Name}. */
    private static void readName(com.fasterxml.jackson.databind.JsonNode node, List<String> buses) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            String ref = object.path("Ref").asText(null);
            if (object.size() == 1 && ref != null && buses.contains(ref)) {
                object.remove("Ref");
                object.putArray("Fn::GetAtt").add(ref).add("Name");
                return;
            }
            com.fasterxml.jackson.databind.JsonNode sub = object.get("Fn::Sub");
            if (sub != null) {
                com.fasterxml.jackson.databind.JsonNode text = sub.isArray() ? sub.path(0) : sub;
                if (text.isTextual()) {
                    String rewritten = text.asText();
                    for (String bus : buses) {
                        rewritten = rewritten.replace("${" + bus + "}", "${" + bus + ".Name}");
                    }
                    if (sub.isArray()) {
                        ((com.fasterxml.jackson.databind.node.ArrayNode) sub).set(0, rewritten);
                    } else {
                        object.put("Fn::Sub", rewritten);
                    }
                }
            }
        }
        node.forEach(child -> readName(child, buses));
    }

    @Override
    public Stack afterCreate(Stack stack, PreparedStack prepared, Provisioning how) {
        IntrinsicResolver resolver = IntrinsicResolver.forStack(stack, prepared.parametersWithDefaults());
        Map<String, String> found = new LinkedHashMap<>();
        Map<String, List<String>> deploymentsByApi = new LinkedHashMap<>();
        for (Template.Resource resource : prepared.template().resources().values()) {
            if (!stack.resourceTypes().containsKey(resource.logicalId())
                    || stack.physicalIds().containsKey(resource.logicalId())) {
                continue;
            }
            JsonNode p = resolver.resolve(resource.properties());
            switch (resource.type()) {
                case "AWS::Events::EventBus" -> {
                    if (p.path("Name").isTextual()) {
                        found.put(resource.logicalId(), p.path("Name").asText());
                    }
                }
                case "AWS::ApiGateway::Deployment" -> {
                    if (p.path("RestApiId").isTextual()) {
                        deploymentsByApi
                                .computeIfAbsent(p.path("RestApiId").asText(), k -> new ArrayList<>())
                                .add(resource.logicalId());
                    }
                }
                case "AWS::Lambda::Version" -> {
                    if (p.path("FunctionName").isTextual()) {
                        latestVersion(p.path("FunctionName").asText())
                                .ifPresent(arn -> found.put(resource.logicalId(), arn));
                    }
                }
                default -> {}
            }
        }
        deploymentsByApi.forEach((apiId, logicalIds) -> {
            List<Deployment> deployments = new ArrayList<>(session.client(ApiGatewayClient.class)
                    .getDeployments(r -> r.restApiId(apiId))
                    .items());
            deployments.sort(Comparator.comparing(Deployment::createdDate));
            // in creation order, as moto created them in the template's order
            for (int i = 0; i < logicalIds.size() && i < deployments.size(); i++) {
                found.put(logicalIds.get(i), deployments.get(i).id());
            }
        });
        if (found.isEmpty()) {
            return stack;
        }
        LOG.debug("cloudtest: {}: physical ids moto does not report: {}", stack.name(), found);
        Map<String, String> types = new LinkedHashMap<>();
        found.keySet().forEach(id -> types.put(id, stack.resourceTypes().get(id)));
        return stack.withResources(found, types);
    }
}
