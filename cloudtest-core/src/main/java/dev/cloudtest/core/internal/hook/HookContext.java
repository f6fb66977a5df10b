package dev.cloudtest.core.internal.hook;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;

/**
 * What a hook knows about its target, decided once per target.
 *
 * @param config the run's configuration
 * @param session the resolved target
 * @param moto whether the target is a moto server (it answers {@code /moto-api/})
 * @param clients the factory behind the session's clients, to route a service's clients through a local endpoint
 * @param callbacks where the emulator that cloudtest started sends its calls to itself (Step Functions tasks); empty
 *     on a shared endpoint, a container and AWS
 */
public record HookContext(
        CloudTestConfig config,
        CloudSession session,
        boolean moto,
        dev.cloudtest.core.internal.target.ClientFactory clients,
        java.util.Optional<dev.cloudtest.core.internal.target.EmulatorCallbacks> callbacks) {

    /** Whether the target is an emulator (an endpoint override), not AWS. */
    public boolean emulated() {
        return session.endpoint().isPresent();
    }

    /** Whether the target is a moto server that cloudtest started for this run alone (not a shared endpoint). */
    public boolean privateMoto() {
        return moto && session.kind() == dev.cloudtest.core.TargetKind.EMULATOR;
    }
}
