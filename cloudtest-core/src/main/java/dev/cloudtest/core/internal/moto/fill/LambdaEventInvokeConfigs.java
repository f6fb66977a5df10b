package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * {@code AWS::Lambda::EventInvokeConfig} (SAM's {@code EventInvokeConfig}): Lambda {@code PutFunctionEventInvokeConfig}
 * with the retry limits and destinations, idempotent. It belongs to the function: removed with it.
 */
final class LambdaEventInvokeConfigs implements Filler {

    @Override
    public String type() {
        return "AWS::Lambda::EventInvokeConfig";
    }

    @Override
    public String how() {
        return "Lambda PutFunctionEventInvokeConfig";
    }

    @Override
    public Filled create(Owner owner, Template.Resource resource, JsonNode p) {
        String function = p.path("FunctionName").asText();
        String qualifier = p.path("Qualifier").asText("$LATEST");
        JsonNode destinations = p.path("DestinationConfig");
        owner.session().client(LambdaClient.class).putFunctionEventInvokeConfig(r -> {
            r.functionName(function).qualifier(qualifier);
            if (p.has("MaximumRetryAttempts")) {
                r.maximumRetryAttempts(p.path("MaximumRetryAttempts").asInt());
            }
            if (p.has("MaximumEventAgeInSeconds")) {
                r.maximumEventAgeInSeconds(p.path("MaximumEventAgeInSeconds").asInt());
            }
            if (!destinations.isMissingNode()) {
                r.destinationConfig(DestinationConfig.builder()
                        .onSuccess(d -> d.destination(destinations
                                .path("OnSuccess")
                                .path("Destination")
                                .asText(null)))
                        .onFailure(d -> d.destination(destinations
                                .path("OnFailure")
                                .path("Destination")
                                .asText(null)))
                        .build());
            }
        });
        return new Filled(resource.logicalId(), type(), function + ":" + qualifier, Map.of());
    }

    @Override
    public boolean exists(Owner owner, Filled filled) {
        String id = filled.physicalId();
        int colon = id.lastIndexOf(':');
        try {
            owner.session().client(LambdaClient.class).getFunctionEventInvokeConfig(r -> r.functionName(
                            id.substring(0, colon))
                    .qualifier(id.substring(colon + 1)));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> removeAll(Owner owner) {
        return List.of(); // the configuration belongs to its function, which the stack deletes
    }
}
