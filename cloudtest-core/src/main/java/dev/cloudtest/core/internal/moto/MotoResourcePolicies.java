package dev.cloudtest.core.internal.moto;

import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Permission-only types that moto does not create ({@code AWS::SQS::QueuePolicy}, {@code AWS::SNS::TopicPolicy},
 * {@code AWS::S3::BucketPolicy}) are accepted as missing: moto enforces no resource policies, so their absence changes
 * nothing a test can observe. Every other missing type still fails provisioning.
 */
public final class MotoResourcePolicies implements StackHook {
    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER =
            context -> context.moto() ? Optional.of(new MotoResourcePolicies()) : Optional.empty();

    /** Types that only grant permissions; moto creates none of them and enforces no policies. */
    static final Set<String> PERMISSION_ONLY_TYPES =
            Set.of("AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy");

    private MotoResourcePolicies() {}

    @Override
    public List<String> describe(PreparedStack stack) {
        return stack.template().resources().values().stream()
                .filter(r -> PERMISSION_ONLY_TYPES.contains(r.type()))
                .map(r -> r.logicalId() + " (" + r.type() + ") is not created by moto and not needed there: moto "
                        + "enforces no resource policies")
                .toList();
    }

    @Override
    public Optional<String> acceptMissing(Template.Resource resource, PreparedStack stack) {
        return PERMISSION_ONLY_TYPES.contains(resource.type())
                ? Optional.of("moto enforces no resource policies")
                : Optional.empty();
    }
}
