package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.PutMode;

/**
 * REST APIs defined by an OpenAPI {@code Body} (as SAM emits them, and as teams write them): moto's CloudFormation
 * ignores the body and needs a {@code Name}, so the template sent to moto has neither body nor missing name (the name
 * is the body's {@code info.title}, as API Gateway takes it), and once the stack exists the body — its values resolved
 * — is imported with {@code PutRestApi}; the API's deployments follow ({@link ApiDeployments}). The local API serves
 * the body's Lambda proxy integrations like methods declared as resources. A {@code BodyS3Location} is refused, and so
 * is an HTTP or AWS service integration in the body.
 *
 * <p>moto's stack deletion leaves REST APIs behind (its model has no delete), so they are deleted with {@code
 * DeleteRestApi} right before DeleteStack, found from the stack's resources (the sweeper's deletions too).
 */
public final class MotoRestApis implements StackHook {
    private static final Logger LOG = Loggers.get(MotoRestApis.class);

    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER =
            context -> context.moto() ? Optional.of(new MotoRestApis(context.session())) : Optional.empty();

    private final CloudSession session;

    private MotoRestApis(CloudSession session) {
        this.session = session;
    }

    /** Whether the resource is a REST API defined by an inline OpenAPI body. */
    static boolean hasBody(Template.Resource resource) {
        return resource.type().equals("AWS::ApiGateway::RestApi")
                && resource.properties().path("Body").isObject();
    }

    @Override
    public List<String> describe(PreparedStack stack) {
        return bodied(stack.template()).stream()
                .map(r -> r.logicalId() + " (AWS::ApiGateway::RestApi) is defined by an OpenAPI Body, which moto's "
                        + "CloudFormation ignores: cloudtest imports it with PutRestApi after the stack is created")
                .toList();
    }

    @Override
    public void check(PreparedStack stack) {
        for (Template.Resource r : stack.template().resources().values()) {
            if (r.type().equals("AWS::ApiGateway::RestApi")
                    && !r.properties().has("Name")
                    && !r.properties().has("Body")
                    && !r.properties().has("BodyS3Location")) {
                throw new ConfigurationException(r.logicalId() + " (AWS::ApiGateway::RestApi) has no Name and no "
                        + "OpenAPI Body: API Gateway requires a name for an API that is not built from an OpenAPI "
                        + "definition, so CloudFormation would reject it (moto fails with an HTTP 500). Nothing was "
                        + "created. Give it a Name, e.g. !Sub '${AWS::StackName}-api'.");
            }
            if (hasBody(r)) {
                refuseIntegrationsNotServed(r);
            }
            if (r.type().equals("AWS::ApiGateway::RestApi") && r.properties().has("BodyS3Location")) {
                throw new ConfigurationException(r.logicalId() + " (AWS::ApiGateway::RestApi) reads its OpenAPI "
                        + "definition from S3 (BodyS3Location), which cloudtest cannot import on moto: the document "
                        + "is not in the emulator's S3. Nothing was created. Run the stack on AWS, or, in a SAM "
                        + "template, give the AWS::Serverless::Api a DefinitionBody.");
            }
        }
    }

    /**
     * Lambda proxy integrations are served by the local API and {@code mock} ones (CORS preflights, as SAM's {@code
     * Cors} emits them) answer 403 there with a warning; an HTTP or AWS service integration would answer nothing a
     * test could rely on, so it is refused, naming the operation.
     */
    private static void refuseIntegrationsNotServed(Template.Resource api) {
        api.properties().path("Body").path("paths").fields().forEachRemaining(path -> path.getValue()
                .fields()
                .forEachRemaining(operation -> {
                    JsonNode integration = operation.getValue().path("x-amazon-apigateway-integration");
                    String type = integration.path("type").asText("").toLowerCase(java.util.Locale.ROOT);
                    if (!type.isEmpty() && !type.equals("aws_proxy") && !type.equals("mock")) {
                        throw new ConfigurationException(api.logicalId() + " (AWS::ApiGateway::RestApi): "
                                + operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()
                                + " has an x-amazon-apigateway-integration of type " + type + ", which neither moto "
                                + "nor cloudtest's local API can answer (only Lambda proxy integrations, aws_proxy, "
                                + "are served). Nothing was created. Run the stack on AWS, or test this route there.");
                    }
                }));
    }

    @Override
    public Template beforeCreate(PreparedStack stack, Template template) {
        List<Template.Resource> bodied = bodied(template);
        if (bodied.isEmpty()) {
            return template;
        }
        ObjectNode json = template.json();
        for (Template.Resource r : bodied) {
            ObjectNode properties =
                    (ObjectNode) json.path("Resources").path(r.logicalId()).path("Properties");
            JsonNode title = r.properties().path("Body").path("info").path("title");
            properties.remove("Body");
            if (!properties.has("Name")) {
                properties.set("Name", title.isMissingNode() ? properties.textNode(r.logicalId()) : title.deepCopy());
            }
        }
        return template.withJson(json);
    }

    @Override
    public Stack afterCreate(Stack stack, PreparedStack prepared, Provisioning how) {
        if (how == Provisioning.REUSED) {
            return stack;
        }
        IntrinsicResolver resolver = IntrinsicResolver.forStack(stack, prepared.parametersWithDefaults());
        for (Template.Resource r : bodied(prepared.template())) {
            String apiId = stack.physicalIds().get(r.logicalId());
            if (apiId == null) {
                continue; // its condition is false
            }
            // What cannot be resolved yet (an integration URI naming an alias cloudtest creates after this step)
            // does not matter to moto, which only records it: the local API routes from the template, resolved
            // against the complete stack.
            ObjectNode document =
                    (ObjectNode) placeholders(resolver.resolve(r.properties().path("Body")));
            if (document.has("swagger")) {
                // moto's importer refuses Swagger 2.0 by its version field, yet reads only what both versions share
                // (paths, methods, x-amazon-apigateway-integration)
                document.remove("swagger");
                document.put("openapi", "3.0.1");
            }
            completeIntegrations(document);
            session.client(ApiGatewayClient.class).putRestApi(req -> req.restApiId(apiId)
                    .mode(PutMode.OVERWRITE)
                    .failOnWarnings(false)
                    .body(SdkBytes.fromUtf8String(document.toString())));
            LOG.info(
                    "cloudtest: {}: imported the OpenAPI body of {} ({} paths) with PutRestApi (moto's CloudFormation "
                            + "ignores it)",
                    stack.name(),
                    r.logicalId(),
                    document.path("paths").size());
        }
        return stack;
    }

    @Override
    public void beforeDelete(String stackId) {
        ApiGatewayClient api = session.client(ApiGatewayClient.class);
        List<software.amazon.awssdk.services.cloudformation.model.StackResourceSummary> resources;
        try {
            resources = session
                    .client(software.amazon.awssdk.services.cloudformation.CloudFormationClient.class)
                    .listStackResourcesPaginator(r -> r.stackName(stackId))
                    .stackResourceSummaries()
                    .stream()
                    .toList();
        } catch (RuntimeException e) {
            LOG.debug(
                    "cloudtest: cannot list the resources of stack {}: {}",
                    stackId,
                    e.getClass().getSimpleName()); // its message may quote template values
            return; // a stack whose creation moto rejected midway has created nothing
        }
        resources.stream()
                .filter(s -> s.resourceType().equals("AWS::ApiGateway::RestApi") && s.physicalResourceId() != null)
                .forEach(s -> {
                    try {
                        api.deleteRestApi(r -> r.restApiId(s.physicalResourceId()));
                        LOG.debug(
                                "cloudtest: deleted REST API {} of {} (moto's DeleteStack leaves it)",
                                s.physicalResourceId(),
                                stackId);
                    } catch (software.amazon.awssdk.services.apigateway.model.NotFoundException e) {
                        // already gone
                    }
                });
    }

    /**
     * moto's importer fails (HTTP 500) on an integration without {@code uri} and {@code httpMethod}, which a {@code
     * mock} integration has no need of (SAM's {@code Cors} preflights, a health check): the document sent to moto gets
     * an empty URI and the operation's own method there. The local API reads the template, not moto's copy.
     */
    static void completeIntegrations(ObjectNode document) {
        document.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                    if (operation.getValue().path("x-amazon-apigateway-integration")
                            instanceof ObjectNode integration) {
                        if (!integration.has("uri")) {
                            integration.put("uri", "");
                        }
                        if (!integration.has("httpMethod")) {
                            integration.put("httpMethod", operation.getKey().toUpperCase(java.util.Locale.ROOT));
                        }
                    }
                }));
    }

    private static JsonNode placeholders(JsonNode node) {
        if (!IntrinsicResolver.isResolved(node) && node.isObject() && node.size() == 1) {
            String name = node.fieldNames().next();
            if (name.equals("Ref") || name.startsWith("Fn::")) {
                return com.fasterxml.jackson.databind.node.TextNode.valueOf("cloudtest:unresolved:" + node);
            }
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), placeholders(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = ((com.fasterxml.jackson.databind.node.ArrayNode) node).arrayNode();
            node.forEach(item -> copy.add(placeholders(item)));
            return copy;
        }
        return node;
    }

    private static List<Template.Resource> bodied(Template template) {
        List<Template.Resource> bodied = new ArrayList<>();
        template.resources().values().stream().filter(MotoRestApis::hasBody).forEach(bodied::add);
        return bodied;
    }
}
