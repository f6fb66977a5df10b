package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.TargetKind;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.handover.HandedOverStacks;
import org.slf4j.Logger;

/**
 * A test JVM of a build whose {@code provision} goal started an emulator uses that emulator, so that it can attach to
 * the build's stacks. Only when nothing chose a target explicitly, and only if that emulator answers.
 */
public final class BuildEmulator {
    private static final Logger LOG = Loggers.get(BuildEmulator.class);

    private BuildEmulator() {}

    /** The configuration, pointed at the build's emulator when it applies; else unchanged. */
    public static CloudTestConfig join(CloudTestConfig config) {
        if (config.target() != TargetKind.EMULATOR
                || config.raw(CloudTestConfig.TARGET).isPresent()) {
            return config;
        }
        return HandedOverStacks.liveEmulator(config.reportDirectory())
                .map(handedOver -> {
                    LOG.info(
                            "cloudtest: using the emulator at {} that this build's provision goal started (stack {})",
                            handedOver.endpoint().orElseThrow(),
                            handedOver.stackName());
                    CloudTestConfig.Builder joined = config.toBuilder()
                            .set(
                                    CloudTestConfig.ENDPOINT,
                                    handedOver.endpoint().orElseThrow().toString())
                            .set(CloudTestConfig.RUN_ID, config.runId());
                    if (!handedOver.region().isEmpty()) {
                        joined.set(CloudTestConfig.REGION, handedOver.region());
                    }
                    return joined.build();
                })
                .orElse(config);
    }
}
