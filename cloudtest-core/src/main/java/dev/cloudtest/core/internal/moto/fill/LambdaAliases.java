package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * {@code AWS::Lambda::Alias} (as SAM's {@code AutoPublishAlias} emits it): Lambda {@code CreateAlias} on the declared
 * version, or {@code UpdateAlias} when it exists, after the stack. Its {@code Ref} and {@code AliasArn} (outputs, the
 * stack as the tests see it) are the qualified function ARN; the resources moto creates that read it are given the
 * function. Removed with the stack's functions.
 */
final class LambdaAliases implements Filler {

    @Override
    public String type() {
        return "AWS::Lambda::Alias";
    }

    @Override
    public String how() {
        return "Lambda CreateAlias";
    }

    @Override
    public Optional<JsonNode> standIn(Template.Resource resource, Optional<String> attribute) {
        if (attribute.isPresent() && !attribute.get().equals("AliasArn")) {
            return Optional.empty();
        }
        // moto's CloudFormation creates what reads the alias (SAM's permissions, event source mappings) before
        // cloudtest can create the alias, and refuses a qualifier that does not exist yet: they are given the
        // function itself, which on moto behaves the same
        return Optional.ofNullable(resource.properties().get("FunctionName")).map(JsonNode::deepCopy);
    }

    @Override
    public Filled create(Owner owner, Template.Resource resource, JsonNode p) {
        LambdaClient lambda = owner.session().client(LambdaClient.class);
        String function = p.path("FunctionName").asText();
        String name = p.path("Name").asText();
        String version = p.path("FunctionVersion").asText("$LATEST");
        String arn;
        try {
            lambda.getAlias(r -> r.functionName(function).name(name));
            arn = lambda.updateAlias(r -> r.functionName(function)
                            .name(name)
                            .functionVersion(version)
                            .description(p.path("Description").asText(null)))
                    .aliasArn();
        } catch (ResourceNotFoundException e) {
            arn = lambda.createAlias(r -> r.functionName(function)
                            .name(name)
                            .functionVersion(version)
                            .description(p.path("Description").asText(null)))
                    .aliasArn();
        }
        return new Filled(resource.logicalId(), type(), arn, Map.of("AliasArn", arn));
    }

    @Override
    public boolean exists(Owner owner, Filled filled) {
        String arn = filled.physicalId();
        int colon = arn.lastIndexOf(':');
        try {
            owner.session().client(LambdaClient.class).getAlias(r -> r.functionName(arn.substring(0, colon))
                    .name(arn.substring(colon + 1)));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> removeAll(Owner owner) {
        LambdaClient lambda = owner.session().client(LambdaClient.class);
        List<String> removed = new ArrayList<>();
        for (String function : owner.ofType("AWS::Lambda::Function")) {
            try {
                for (AliasConfiguration alias :
                        lambda.listAliases(r -> r.functionName(function)).aliases()) {
                    lambda.deleteAlias(r -> r.functionName(function).name(alias.name()));
                    removed.add("alias " + alias.name() + " of " + function);
                }
            } catch (ResourceNotFoundException e) {
                // the function is gone, and its aliases with it
            }
        }
        return removed;
    }
}
