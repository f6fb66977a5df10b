package dev.cloudtest.core.internal.lambda.api;

import dev.cloudtest.core.internal.Loggers;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The deployed functions behind API routes whose function does not run locally (on AWS, with
 * {@code cloudtest.local-functions} naming only some functions): the local API serves the whole API, so such routes
 * invoke the deployed function with the same event, as API Gateway would.
 */
public final class DeployedFunctions {
    private static final Logger LOG = Loggers.get(DeployedFunctions.class);
    /** A function ARN, bare or inside API Gateway's {@code .../functions/<arn>/invocations}. */
    private static final Pattern FUNCTION_ARN =
            Pattern.compile("(arn:aws[a-z-]*:lambda:[^:/]+:\\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?)");

    private final LambdaClient lambda;

    public DeployedFunctions(LambdaClient lambda) {
        this.lambda = lambda;
    }

    /** The function ARN an integration URI names. */
    static Optional<String> functionArn(String integrationUri) {
        Matcher matcher = FUNCTION_ARN.matcher(integrationUri);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * Invokes the deployed function synchronously.
     *
     * @return its result; empty when it failed or could not be invoked (API Gateway answers 500/502 then)
     */
    Optional<String> invoke(String integrationUri, String event) {
        Optional<String> arn = functionArn(integrationUri);
        if (arn.isEmpty()) {
            LOG.warn("cloudtest: cannot tell the function of integration {}", integrationUri);
            return Optional.empty();
        }
        try {
            InvokeResponse response =
                    lambda.invoke(r -> r.functionName(arn.get()).payload(SdkBytes.fromUtf8String(event)));
            String payload =
                    response.payload() == null ? "" : response.payload().asUtf8String();
            if (response.functionError() != null) {
                LOG.warn(
                        "cloudtest: deployed function {} failed ({}): {}",
                        arn.get(),
                        response.functionError(),
                        payload);
                return Optional.empty();
            }
            return Optional.of(payload);
        } catch (SdkException e) {
            LOG.warn("cloudtest: cannot invoke deployed function {}: {}", arn.get(), e.getMessage());
            return Optional.empty();
        }
    }
}
