package dev.cloudtest.core.internal.stack;

import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.internal.target.ClientFactory;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.OnFailure;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * The one CreateStack request of a run, with the retries its target allows.
 *
 * <p>On AWS the SDK's retries stay on and a client request token makes them idempotent. On an emulator, which ignores
 * the token, CreateStack is retried on throttling and when the request may not have arrived (a reset connection, an
 * attempt that timed out), but not on HTTP 5xx: moto answers 5xx deterministically to properties it cannot process,
 * after it registered the stack, so a retry would only turn the diagnosis into a misleading {@code AlreadyExists}. A
 * retry of a request that did arrive finds the stack; {@link #adoptOwnRetry} takes it when it is this run's.
 */
final class CreateStackCall implements AutoCloseable {
    private static final Logger LOG = Loggers.get(CreateStackCall.class);

    private static final RetryStrategy ON_EMULATOR = StandardRetryStrategy.builder()
            .maxAttempts(3)
            // Without this the SDK adds its own conditions (HTTP 5xx among them) to the ones below.
            .useClientDefaults(false)
            .retryOnException(e -> throttling(e) || e instanceof SdkClientException)
            .treatAsThrottling(CreateStackCall::throttling)
            .build();

    private final CloudFormationClient cfn;
    private final CloudFormationClient createClient;
    /** Uploads a body over {@link StackProvisioner#MAX_TEMPLATE_BODY} and returns its TemplateURL. */
    private final java.util.function.UnaryOperator<String> upload;

    CreateStackCall(CloudFormationClient cfn, ClientFactory clients, java.util.function.UnaryOperator<String> upload) {
        this.cfn = cfn;
        this.upload = upload;
        this.createClient = clients.emulated()
                ? clients.newClient(CloudFormationClient.class, o -> o.retryStrategy(ON_EMULATOR))
                : cfn;
    }

    private static boolean throttling(Throwable e) {
        return e instanceof SdkServiceException service && service.isThrottlingException();
    }

    /**
     * Sends CreateStack for the prepared stack with the given body and returns the stack id. A body over 51,200 bytes
     * (a SAM template once expanded, say) goes through the artifact bucket as a {@code TemplateURL}, as CloudFormation
     * requires.
     */
    String create(PreparedStack prepared, String body, List<Parameter> parameters, List<Tag> tags) {
        String token = "cloudtest-" + UUID.randomUUID();
        String url = templateUrl(body);
        return createClient
                .createStack(r -> r.stackName(prepared.name())
                        .clientRequestToken(token)
                        .templateBody(url == null ? body : null)
                        .templateURL(url)
                        .parameters(parameters)
                        .capabilitiesWithStrings(prepared.capabilities())
                        .tags(tags)
                        .onFailure(OnFailure.DO_NOTHING))
                .stackId();
    }

    /** The TemplateURL to send instead of a body over 51,200 bytes (uploaded now); null for a body sent inline. */
    String templateUrl(String body) {
        return body.length() > StackProvisioner.MAX_TEMPLATE_BODY ? upload.apply(body) : null;
    }

    /**
     * The stack a retried CreateStack found, when it is the one this run's first attempt created: the SDK retries an
     * attempt that timed out after the request arrived, and an emulator answers the retry with {@code AlreadyExists}.
     * Stack names carry a random suffix, so a stack of this name with this run's id tag is that attempt's; any other
     * is not touched.
     */
    Optional<String> adoptOwnRetry(String name, PreparedStack prepared) {
        String runId = prepared.tags().get(StackTags.RUN_ID);
        try {
            return cfn.describeStacks(r -> r.stackName(name)).stacks().stream()
                    .filter(s -> s.tags().stream()
                            .anyMatch(t -> t.key().equals(StackTags.RUN_ID)
                                    && t.value().equals(runId)))
                    .map(software.amazon.awssdk.services.cloudformation.model.Stack::stackId)
                    .peek(id -> LOG.info("cloudtest: {}: a retried CreateStack found this run's stack {}", name, id))
                    .findFirst();
        } catch (SdkServiceException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        if (createClient != cfn) {
            createClient.close();
        }
    }
}
