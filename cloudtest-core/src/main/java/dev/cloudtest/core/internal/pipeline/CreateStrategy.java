package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.naming.StackTags;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Every step: a new, uniquely named stack that this run owns and tears down. */
final class CreateStrategy implements ProvisioningStrategy {
    private final StackPipeline pipeline;

    CreateStrategy(StackPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Optional<Stack> provision(StackSpec spec) {
        Instant createdAt = StackPipeline.now();
        String name = pipeline.uniqueName(spec.id());
        PreparedStack prepared = pipeline.prepare(spec, name, createdAt)
                .withTags(Map.of(StackTags.SESSION, pipeline.config().sessionId()));
        pipeline.refuseTakenName(name);
        PreparedStack packaged = pipeline.packaged(prepared);
        Stack stack = pipeline.createOwned(packaged, createdAt);
        return Optional.of(pipeline.expose(stack, packaged, StackHook.Provisioning.CREATED));
    }
}
