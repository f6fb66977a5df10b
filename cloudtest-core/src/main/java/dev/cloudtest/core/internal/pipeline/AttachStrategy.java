package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.Loggers;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/** {@code cloudtest.attach}: no step runs; the stack exists, is read, and is never changed or deleted by this run. */
final class AttachStrategy implements ProvisioningStrategy {
    private static final Logger LOG = Loggers.get(AttachStrategy.class);

    private final StackPipeline pipeline;
    /** The spec id a bare {@code cloudtest.attach} name was used for. */
    private final Map<String, String> attachedSpecIds = new ConcurrentHashMap<>();

    AttachStrategy(StackPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Optional<Stack> provision(StackSpec spec) {
        return attachTarget(spec).map(this::attach);
    }

    /**
     * Reads an existing stack's outputs and resources.
     *
     * @throws ConfigurationException when no such stack exists or it is not in a completed state
     */
    Stack attach(String stackName) {
        CloudSession session = pipeline.context().session();
        var existing = pipeline.describeLive(stackName)
                .orElseThrow(() -> new ConfigurationException("Cannot attach to "
                        + "stack '" + stackName + "': it does not exist in account " + session.accountId() + ", region "
                        + session.region() + ". Check cloudtest.attach."));
        String status = existing.stackStatusAsString();
        if (!status.endsWith("_COMPLETE") || status.startsWith("DELETE") || status.contains("ROLLBACK")) {
            throw new ConfigurationException("Cannot attach to stack '" + stackName + "': it is " + status
                    + ". Attach to a stack whose last deployment succeeded.");
        }
        Instant created = existing.creationTime() != null ? existing.creationTime() : Instant.now();
        Stack stack = pipeline.context().provisioner().read(existing.stackId(), stackName, created, Instant.MAX);
        LOG.info(
                "cloudtest: attached to existing stack {} ({} resources); it will not be changed or deleted",
                stackName,
                stack.resourceTypes().size());
        return stack;
    }

    /**
     * The stack name {@code cloudtest.attach} gives for a spec: {@code name} for the only stack of the run, or
     * {@code id=name,...} per stack id.
     */
    private Optional<String> attachTarget(StackSpec spec) {
        CloudTestConfig config = pipeline.config();
        Optional<String> value = config.raw(CloudTestConfig.ATTACH);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!value.get().contains("=")) {
            String first = attachedSpecIds.computeIfAbsent("", k -> spec.id());
            if (!first.equals(spec.id())) {
                throw new ConfigurationException(config.describe(CloudTestConfig.ATTACH) + " names one stack, but "
                        + "this run uses several (" + first + ", " + spec.id() + "). Name each: cloudtest.attach="
                        + first + "=<stack name>," + spec.id() + "=<stack name>.");
            }
            return value;
        }
        for (String entry : value.get().split(",")) {
            String[] parts = entry.trim().split("=", 2);
            if (parts.length == 2 && parts[0].trim().equals(spec.id())) {
                return Optional.of(parts[1].trim());
            }
        }
        throw new ConfigurationException(config.describe(CloudTestConfig.ATTACH) + " names no stack for stack id '"
                + spec.id() + "'. Add " + spec.id() + "=<stack name>.");
    }
}
