package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * {@code AWS::Lambda::Url}: Lambda {@code CreateFunctionUrlConfig} after the stack (replaced when it exists), giving
 * its {@code FunctionUrl} and {@code FunctionArn}. The URL of a function that runs locally is served by cloudtest's
 * local API (payload 2.0, as function URLs deliver) and outputs that name it point there. It belongs to the function:
 * removed with it. Only {@code AuthType: NONE} and {@code AWS_IAM} exist; response streaming is refused.
 */
final class LambdaUrls implements Filler {

    @Override
    public String type() {
        return "AWS::Lambda::Url";
    }

    @Override
    public String how() {
        return "Lambda CreateFunctionUrlConfig";
    }

    @Override
    public void check(Template.Resource resource, PreparedStack stack) {
        if (resource.properties().path("InvokeMode").asText("BUFFERED").equals("RESPONSE_STREAM")) {
            throw new ConfigurationException(resource.logicalId() + " (AWS::Lambda::Url) streams responses "
                    + "(InvokeMode RESPONSE_STREAM), which cloudtest's local functions do not. Nothing was created. "
                    + "Use BUFFERED, or run the stack on AWS.");
        }
    }

    @Override
    public Filled create(Owner owner, Template.Resource resource, JsonNode p) {
        LambdaClient lambda = owner.session().client(LambdaClient.class);
        String function = p.path("TargetFunctionArn").asText();
        String qualifier = p.path("Qualifier").asText(null);
        try {
            lambda.getFunctionUrlConfig(r -> r.functionName(function).qualifier(qualifier));
            lambda.deleteFunctionUrlConfig(r -> r.functionName(function).qualifier(qualifier)); // an update
        } catch (ResourceNotFoundException e) {
            // a new URL
        }
        var created = lambda.createFunctionUrlConfig(r -> r.functionName(function)
                .qualifier(qualifier)
                .authType(p.path("AuthType").asText("NONE"))
                .invokeMode(p.path("InvokeMode").asText("BUFFERED")));
        // AWS's function URLs end with a slash (https://<id>.lambda-url.<region>.on.aws/); moto's do not
        String url = created.functionUrl().endsWith("/") ? created.functionUrl() : created.functionUrl() + "/";
        return new Filled(
                resource.logicalId(),
                type(),
                created.functionArn(),
                Map.of("FunctionUrl", url, "FunctionArn", created.functionArn()),
                function);
    }

    @Override
    public boolean exists(Owner owner, Filled filled) {
        try {
            owner.session().client(LambdaClient.class).getFunctionUrlConfig(r -> r.functionName(filled.parent()));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> removeAll(Owner owner) {
        return List.of(); // the URL configuration belongs to its function, which the stack deletes
    }
}
