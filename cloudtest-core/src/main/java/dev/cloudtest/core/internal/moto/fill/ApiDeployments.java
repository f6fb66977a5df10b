package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;

/**
 * {@code AWS::ApiGateway::Deployment} of a REST API defined by an OpenAPI {@code Body} (SAM's implicit and explicit
 * APIs): moto creates the API without its methods and would refuse to deploy it ("The REST API doesn't contain any
 * methods"), so the deployment waits until {@code MotoRestApis} has imported the body, and is then made with API
 * Gateway {@code CreateDeployment}. Deployments of APIs built from {@code AWS::ApiGateway::Method}s are moto's own.
 * Removed with the REST API.
 */
final class ApiDeployments implements Filler {

    @Override
    public String type() {
        return "AWS::ApiGateway::Deployment";
    }

    @Override
    public String how() {
        return "API Gateway CreateDeployment, once the OpenAPI body is imported";
    }

    @Override
    public boolean fills(Template.Resource resource, Template template) {
        String api = resource.properties().path("RestApiId").path("Ref").asText("");
        Template.Resource restApi = template.resources().get(api);
        return restApi != null && MotoRestApis.hasBody(restApi);
    }

    @Override
    public Filled create(Owner owner, Template.Resource resource, JsonNode properties) {
        String restApiId = properties.path("RestApiId").asText();
        String id = owner.session()
                .client(ApiGatewayClient.class)
                .createDeployment(r -> r.restApiId(restApiId)
                        .stageName(properties.path("StageName").asText(null))
                        .description(properties.path("Description").asText(null)))
                .id();
        return new Filled(resource.logicalId(), type(), id, Map.of("DeploymentId", id), restApiId);
    }

    @Override
    public boolean exists(Owner owner, Filled filled) {
        try {
            owner.session().client(ApiGatewayClient.class).getDeployment(r -> r.restApiId(filled.parent())
                    .deploymentId(filled.physicalId()));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> removeAll(Owner owner) {
        return List.of(); // a deployment belongs to its REST API, which the stack deletes
    }
}
