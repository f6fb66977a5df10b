package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;

/**
 * {@code AWS::ApiGateway::Stage}: API Gateway {@code CreateStage} on the stack's deployment, with its description,
 * stage variables and tags. Its {@code Ref} is its {@code StageName}, so resources that read it (a usage plan, a base
 * path mapping, an output's URL) need not wait for it. Removed with the stack's REST APIs.
 */
final class ApiStages implements Filler {

    @Override
    public String type() {
        return "AWS::ApiGateway::Stage";
    }

    @Override
    public String how() {
        return "API Gateway CreateStage";
    }

    @Override
    public void check(Template.Resource resource, PreparedStack stack) {
        for (String required : List.of("RestApiId", "StageName", "DeploymentId")) {
            if (resource.properties().path(required).isMissingNode()) {
                throw new ConfigurationException(resource.logicalId() + " (AWS::ApiGateway::Stage) has no " + required
                        + "; cloudtest creates stages itself on moto and needs it. Nothing was created.");
            }
        }
    }

    @Override
    public Optional<JsonNode> standIn(Template.Resource resource, Optional<String> attribute) {
        JsonNode name = resource.properties().get("StageName");
        return attribute.isEmpty() && name != null ? Optional.of(name) : Optional.empty();
    }

    @Override
    public Filled create(Owner owner, Template.Resource resource, JsonNode properties) {
        ApiGatewayClient api = owner.session().client(ApiGatewayClient.class);
        String restApiId = properties.path("RestApiId").asText();
        String stageName = properties.path("StageName").asText();
        if (exists(api, restApiId, stageName)) {
            api.deleteStage(r -> r.restApiId(restApiId).stageName(stageName)); // an update: as declared now
        }
        Map<String, String> variables = new LinkedHashMap<>();
        properties
                .path("Variables")
                .fields()
                .forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
        Map<String, String> tags = new LinkedHashMap<>(owner.tags());
        properties
                .path("Tags")
                .forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        api.createStage(r -> r.restApiId(restApiId)
                .stageName(stageName)
                .deploymentId(properties.path("DeploymentId").asText())
                .description(properties.path("Description").asText(null))
                .variables(variables)
                .tracingEnabled(properties.path("TracingEnabled").asBoolean(false))
                .tags(tags));
        return new Filled(resource.logicalId(), type(), stageName, Map.of(), restApiId);
    }

    @Override
    public boolean exists(Owner owner, Filled filled) {
        return exists(owner.session().client(ApiGatewayClient.class), filled.parent(), filled.physicalId());
    }

    private static boolean exists(ApiGatewayClient api, String restApiId, String stageName) {
        try {
            api.getStage(r -> r.restApiId(restApiId).stageName(stageName));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> removeAll(Owner owner) {
        ApiGatewayClient api = owner.session().client(ApiGatewayClient.class);
        List<String> removed = new ArrayList<>();
        for (String restApiId : owner.ofType("AWS::ApiGateway::RestApi")) {
            try {
                api.getStages(r -> r.restApiId(restApiId)).item().forEach(stage -> {
                    api.deleteStage(r -> r.restApiId(restApiId).stageName(stage.stageName()));
                    removed.add("stage " + stage.stageName() + " of REST API " + restApiId);
                });
            } catch (NotFoundException e) {
                // the API is gone, and its stages with it
            }
        }
        return removed;
    }
}
