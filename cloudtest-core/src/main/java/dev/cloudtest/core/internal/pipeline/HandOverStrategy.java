package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.handover.HandedOverStacks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * A stack that this build's {@code provision} goal created from the same spec on this target: attached to, not
 * created; the build's {@code teardown} goal removes it. No step runs.
 */
final class HandOverStrategy implements ProvisioningStrategy {
    private static final Logger LOG = Loggers.get(HandOverStrategy.class);

    private final StackPipeline pipeline;

    HandOverStrategy(StackPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Optional<Stack> provision(StackSpec spec) {
        CloudSession session = pipeline.context().session();
        for (HandedOverStacks.HandedOver candidate :
                HandedOverStacks.in(pipeline.config().reportDirectory())) {
            boolean sameTarget = candidate.endpoint().equals(session.endpoint())
                    && candidate.region().equals(session.region())
                    && candidate.account().equals(session.accountId());
            if (candidate.id().equals(spec.id()) && sameTarget) {
                if (!candidate.fingerprint().equals(spec.fingerprint())) {
                    LOG.info(
                            "cloudtest: the build provisioned {} from a different spec; provisioning this one",
                            candidate.stackName());
                    return Optional.empty();
                }
                if (pipeline.describeLive(candidate.stackName()).isPresent()) {
                    LOG.info(
                            "cloudtest: attaching to {}, which this build's provision goal created from the same "
                                    + "spec; the build's teardown goal removes it",
                            candidate.stackName());
                    return Optional.of(withHandedOverOutputs(pipeline.attach(candidate.stackName()), candidate));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The outputs as the provisioning run handed them over: where that run serves local functions, an API URL output
     * leads to its local API rather than to the (emulated) API Gateway, and an output the target could not give (one
     * naming an HTTP API on moto) is the one that run resolved against its local API.
     */
    private static Stack withHandedOverOutputs(Stack stack, HandedOverStacks.HandedOver candidate) {
        Map<String, String> merged = new LinkedHashMap<>(stack.outputs());
        merged.putAll(candidate.outputs());
        return merged.equals(stack.outputs()) ? stack : stack.withOutputs(merged);
    }
}
