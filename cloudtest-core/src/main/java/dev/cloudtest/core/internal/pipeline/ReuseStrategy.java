package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.exception.TeardownIncompleteException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.naming.RunIds;
import dev.cloudtest.core.internal.naming.StackNames;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.report.TeardownReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * {@code cloudtest.reuse}, the IDE loop: the stack has a fixed name and is kept. Prepare, check and package run always;
 * then CreateStack when the stack does not exist, nothing when its spec hash is unchanged, an update in place when it
 * changed; expose runs in each case. The stack must carry this owner's {@code cloudtest:reuse} tag.
 */
final class ReuseStrategy implements ProvisioningStrategy {
    private static final Logger LOG = Loggers.get(ReuseStrategy.class);

    private final StackPipeline pipeline;

    ReuseStrategy(StackPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Optional<Stack> provision(StackSpec spec) {
        return pipeline.config().raw(CloudTestConfig.REUSE).map(reuseName -> provision(spec, reuseName));
    }

    Stack provision(StackSpec spec, String reuseName) {
        CloudTestConfig config = pipeline.config();
        String name = StackNames.name(config.namePrefix(), spec.id(), RunIds.sanitize(reuseName));
        Instant now = StackPipeline.now();
        PreparedStack prepared = pipeline.prepare(spec, name, now);
        String hash = prepared.hash();
        Map<String, String> extraTags = Map.of(StackTags.SPEC_HASH, hash, StackTags.REUSE, reuseName);
        PreparedStack packaged = pipeline.packaged(prepared).withTags(extraTags);
        var existing = pipeline.describeLive(name);
        if (existing.isEmpty()) {
            Stack stack = create(packaged, now);
            LOG.info("cloudtest: {}: provisioned for reuse (cloudtest.reuse={}); kept after the run", name, reuseName);
            return pipeline.expose(stack, packaged, StackHook.Provisioning.CREATED);
        }
        Map<String, String> tags = StackTags.toMap(existing.get().tags());
        if (!reuseName.equals(tags.get(StackTags.REUSE)) || !config.owner().equals(tags.get(StackTags.OWNER))) {
            throw new GuardViolationException(
                    "ownership",
                    name,
                    "Stack " + name + " exists but is not "
                            + config.owner() + "'s reuse stack '" + reuseName + "' (tags " + StackTags.REUSE + "="
                            + tags.get(StackTags.REUSE) + ", " + StackTags.OWNER + "=" + tags.get(StackTags.OWNER)
                            + "). "
                            + "cloudtest will not reuse or update it; choose another cloudtest.reuse name.");
        }
        Instant created = existing.get().creationTime() != null ? existing.get().creationTime() : now;
        Instant expires = StackTags.expiresAt(existing.get().tags()).orElse(now.plus(config.ttl()));
        String status = existing.get().stackStatusAsString();
        if (hash.equals(tags.get(StackTags.SPEC_HASH))
                && status.endsWith("_COMPLETE")
                && !status.startsWith("DELETE")) {
            LOG.info("cloudtest: {}: unchanged (spec hash {}), reused without changes", name, hash);
            Stack stack = pipeline.context().provisioner().read(existing.get().stackId(), spec.id(), created, expires);
            return pipeline.expose(stack, packaged, StackHook.Provisioning.REUSED);
        }
        // Keep the original ownership tags (run id of the creating run); record the new hash.
        Map<String, String> kept = new LinkedHashMap<>(tags);
        kept.putAll(extraTags);
        kept.put(StackTags.EXPIRES_AT, now.plus(config.ttl()).toString());
        Stack updated = pipeline.context()
                .provisioner()
                .update(packaged.withAllTags(kept), existing.get().stackId(), created, now.plus(config.ttl()));
        return pipeline.expose(updated, packaged, StackHook.Provisioning.UPDATED);
    }

    /** A new reuse stack; it is not this run's to tear down, except when its creation fails. */
    private Stack create(PreparedStack packaged, Instant now) {
        String[] created = new String[1];
        try {
            return pipeline.context().provisioner().create(packaged, now, id -> created[0] = id);
        } catch (ProvisioningFailedException e) {
            if (created[0] != null && !pipeline.config().keep().keeps(true)) {
                TeardownReport report = pipeline.tearDown(created[0], packaged.name());
                if (!report.isClean()) {
                    e.addSuppressed(new TeardownIncompleteException(List.of(report)));
                }
            }
            throw e;
        }
    }
}
