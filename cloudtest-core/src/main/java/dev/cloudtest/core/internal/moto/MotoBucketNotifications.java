package dev.cloudtest.core.internal.moto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

/**
 * A bucket's {@code NotificationConfiguration} (queue and topic targets), which moto's CloudFormation ignores, is
 * applied through the S3 API with the template's values resolved, after the stack is created or updated; Lambda
 * targets are pointed at the stack's relay queues ({@link MotoRelays}). It belongs to the bucket, so the bucket's
 * deletion removes it.
 */
public final class MotoBucketNotifications implements StackHook {
    private static final Logger LOG = Loggers.get(MotoBucketNotifications.class);

    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER =
            context -> context.moto() ? Optional.of(new MotoBucketNotifications(context.session())) : Optional.empty();

    private final CloudSession session;

    private MotoBucketNotifications(CloudSession session) {
        this.session = session;
    }

    @Override
    public List<String> describe(PreparedStack stack) {
        return notifiedBuckets(stack.template()).stream()
                .map(r -> "NotificationConfiguration of " + r.logicalId() + " is applied through the S3 API (moto's "
                        + "CloudFormation ignores it)")
                .toList();
    }

    @Override
    public Stack afterCreate(Stack stack, PreparedStack prepared, Provisioning how) {
        if (how == Provisioning.REUSED) {
            return stack; // applied when the stack was created or last updated
        }
        IntrinsicResolver resolver = IntrinsicResolver.forStack(stack, prepared.parametersWithDefaults());
        for (Template.Resource resource : notifiedBuckets(prepared.template())) {
            if (stack.physicalIds().containsKey(resource.logicalId())) {
                apply(stack, resource, resolver);
            }
        }
        return stack;
    }

    private static List<Template.Resource> notifiedBuckets(Template template) {
        return template.resources().values().stream()
                .filter(r -> r.type().equals("AWS::S3::Bucket"))
                .filter(r -> r.properties().has("NotificationConfiguration"))
                .toList();
    }

    private void apply(Stack stack, Template.Resource resource, IntrinsicResolver resolver) {
        String bucket = stack.physicalId(resource.logicalId());
        S3Client s3 = session.client(S3Client.class);
        var current = s3.getBucketNotificationConfiguration(r -> r.bucket(bucket));
        if (!current.queueConfigurations().isEmpty()
                || !current.topicConfigurations().isEmpty()) {
            return; // the emulator applied it itself
        }
        JsonNode declared = resolver.resolve(resource.properties().get("NotificationConfiguration"));
        if (!IntrinsicResolver.isResolved(declared)) {
            LOG.warn(
                    "cloudtest: {}: moto ignores NotificationConfiguration of {}, and cloudtest cannot resolve all of "
                            + "its values to apply it itself: {}",
                    stack.name(),
                    resource.logicalId(),
                    declared);
            return;
        }
        List<QueueConfiguration> queues = new ArrayList<>();
        for (JsonNode q : declared.path("QueueConfigurations")) {
            queues.add(QueueConfiguration.builder()
                    .queueArn(q.path("Queue").asText())
                    .eventsWithStrings(q.path("Event").asText())
                    .filter(filter(q))
                    .build());
        }
        List<TopicConfiguration> topics = new ArrayList<>();
        for (JsonNode t : declared.path("TopicConfigurations")) {
            topics.add(TopicConfiguration.builder()
                    .topicArn(t.path("Topic").asText())
                    .eventsWithStrings(t.path("Event").asText())
                    .filter(filter(t))
                    .build());
        }
        int n = 0;
        for (JsonNode l : declared.path("LambdaConfigurations")) {
            n++;
            // moto would run the function in Docker: the stack's relay queue is notified instead (MotoRelays)
            String relay = stack.physicalIds().get(MotoRelays.bucketRelay(resource.logicalId(), n));
            if (relay == null) {
                continue;
            }
            queues.add(QueueConfiguration.builder()
                    .queueArn(IntrinsicResolver.queueArn(session.region(), session.accountId(), relay))
                    .eventsWithStrings(l.path("Event").asText())
                    .filter(filter(l))
                    .build());
        }
        if (queues.isEmpty() && topics.isEmpty()) {
            return;
        }
        s3.putBucketNotificationConfiguration(r -> r.bucket(bucket)
                .notificationConfiguration(NotificationConfiguration.builder()
                        .queueConfigurations(queues)
                        .topicConfigurations(topics)
                        .build()));
        LOG.info(
                "cloudtest: {}: moto ignores NotificationConfiguration in templates; applied {} queue and {} topic "
                        + "notification(s) of {} through the S3 API",
                stack.name(),
                queues.size(),
                topics.size(),
                resource.logicalId());
    }

    private static NotificationConfigurationFilter filter(JsonNode configuration) {
        JsonNode rules = configuration.path("Filter").path("S3Key").path("Rules");
        if (!rules.isArray() || rules.isEmpty()) {
            return null;
        }
        List<FilterRule> filterRules = new ArrayList<>();
        rules.forEach(rule -> filterRules.add(FilterRule.builder()
                .name(rule.path("Name").asText().toLowerCase(Locale.ROOT))
                .value(rule.path("Value").asText())
                .build()));
        return NotificationConfigurationFilter.builder()
                .key(k -> k.filterRules(filterRules))
                .build();
    }
}
