package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.internal.hook.HookContext;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.hook.StackHooks;
import dev.cloudtest.core.internal.lambda.LocalFunctionsHook;
import dev.cloudtest.core.internal.lint.TemplateFidelity;
import dev.cloudtest.core.internal.moto.MotoBucketNotifications;
import dev.cloudtest.core.internal.moto.MotoHttpApiOutputs;
import dev.cloudtest.core.internal.moto.MotoLayerVersions;
import dev.cloudtest.core.internal.moto.MotoPhysicalIds;
import dev.cloudtest.core.internal.moto.MotoRelays;
import dev.cloudtest.core.internal.moto.MotoResourcePolicies;
import dev.cloudtest.core.internal.moto.MotoStateMachineDefinitions;
import dev.cloudtest.core.internal.moto.MotoStateMachineMirrors;
import dev.cloudtest.core.internal.moto.MotoTemplateGaps;
import dev.cloudtest.core.internal.moto.fill.MotoFillers;
import dev.cloudtest.core.internal.moto.fill.MotoRestApis;
import dev.cloudtest.core.internal.sam.SamExpansion;
import dev.cloudtest.core.internal.stack.EphemeralDeletion;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The one place that knows which stack hooks exist. A new gap-filler or event router is one class with a {@link
 * StackHookProvider}, added to {@link #BUILT_IN} (or, outside core, registered with {@link ServiceLoader}).
 */
final class HookRegistry {
    /**
     * The built-in hooks, in the order they run (see {@link StackHook}): first SAM expansion, then the fidelity check (cfn-lint, on the
     * template as written), then what changes the template sent to moto, then what accepts moto's missing resources,
     * then what fills in after creation, local functions last so that they start on a stack moto's gaps are already
     * filled in.
     */
    private static final List<StackHookProvider> BUILT_IN = List.of(
            SamExpansion.PROVIDER,
            TemplateFidelity.PROVIDER,
            EphemeralDeletion.PROVIDER,
            MotoPhysicalIds.PROVIDER,
            MotoTemplateGaps.PROVIDER,
            MotoLayerVersions.PROVIDER,
            MotoRestApis.PROVIDER,
            MotoFillers.PROVIDER,
            MotoHttpApiOutputs.PROVIDER,
            MotoResourcePolicies.PROVIDER,
            MotoBucketNotifications.PROVIDER,
            MotoStateMachineDefinitions.PROVIDER,
            MotoStateMachineMirrors.PROVIDER,
            MotoRelays.PROVIDER,
            LocalFunctionsHook.PROVIDER);

    private HookRegistry() {}

    /** The hooks for this target: the built-in ones that apply, then those found by {@link ServiceLoader}. */
    static StackHooks hooksFor(HookContext context) {
        List<StackHook> hooks = new ArrayList<>();
        BUILT_IN.forEach(provider -> provider.create(context).ifPresent(hooks::add));
        ServiceLoader.load(StackHookProvider.class, HookRegistry.class.getClassLoader())
                .forEach(provider -> provider.create(context).ifPresent(hooks::add));
        StackHooks all = new StackHooks(hooks);
        all.find(MotoRelays.class)
                .ifPresent(relay -> all.find(dev.cloudtest.core.internal.hook.LocalFunctionSource.class)
                        .ifPresent(relay::useLocalFunctions));
        return all;
    }
}
