package dev.cloudtest.core.internal.sweep;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.internal.Durations;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.internal.stack.BucketEmptier;
import dev.cloudtest.core.internal.stack.StackTeardown;
import dev.cloudtest.core.report.SweepCandidate;
import dev.cloudtest.core.report.SweepReport;
import dev.cloudtest.core.report.TeardownReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBus;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Finds and removes expired cloudtest resources in one session: stacks (through {@link StackTeardown}, so buckets are
 * emptied and {@code DELETE_FAILED} retried), and probe resources tagged by cloudtest — SQS queues and S3 buckets.
 * Every delete is preceded by a fresh read of the tags and the {@link ExpiryRule}.
 *
 * <p>Probe resources that belong to a stack ({@code aws:cloudformation:stack-id} tag; CloudFormation propagates the
 * stack's cloudtest tags to them on AWS) are left to the stack's teardown, so a stack never drifts.
 */
public final class ExpiredResources {
    private static final Logger LOG = Loggers.get(ExpiredResources.class);
    private static final String STACK_ID_TAG = "aws:cloudformation:stack-id";

    private final CloudSession session;
    private final StackTeardown teardown;

    public ExpiredResources(CloudSession session, StackTeardown teardown) {
        this.session = session;
        this.teardown = teardown;
    }

    /** Every expired resource the rule accepts; read-only. */
    public List<SweepCandidate> find(ExpiryRule rule) {
        List<SweepCandidate> found = new ArrayList<>();
        found.addAll(stacks(rule));
        found.addAll(queues(rule));
        found.addAll(buckets(rule));
        found.addAll(rules(rule));
        found.addAll(secrets(rule, found));
        return found;
    }

    /** Lists (dry run) or deletes (confirmed) every expired resource the rule accepts. */
    public SweepReport sweep(ExpiryRule rule, boolean confirm) {
        List<SweepCandidate> candidates = find(rule);
        if (!confirm) {
            candidates.forEach(c -> LOG.info("cloudtest: sweep (dry run): would delete {}", c));
            return new SweepReport(false, candidates, List.of(), List.of(), List.of());
        }
        List<SweepCandidate> deleted = new ArrayList<>();
        List<TeardownReport> teardowns = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (SweepCandidate candidate : candidates) {
            try {
                boolean gone =
                        switch (candidate.kind()) {
                            case STACK -> {
                                TeardownReport report =
                                        teardown.tearDown(candidate.id(), candidate.name(), rule.stackOwnership());
                                teardowns.add(report);
                                yield report.isClean();
                            }
                            case QUEUE -> deleteQueue(candidate, rule);
                            case BUCKET -> deleteBucket(candidate, rule);
                            case RULE -> deleteRule(candidate, rule);
                            case SECRET -> deleteSecret(candidate, rule);
                        };
                if (gone) {
                    deleted.add(candidate);
                    LOG.warn("cloudtest: sweep: deleted expired {}", candidate);
                } else if (candidate.kind() != SweepCandidate.Kind.STACK) {
                    problems.add(candidate.name() + ": no longer there when the sweep came to delete it");
                }
            } catch (GuardViolationException e) {
                problems.add(candidate.name() + ": refused on re-verification: " + e.getMessage());
                LOG.warn("cloudtest: sweep: left {}: {}", candidate.name(), e.getMessage());
            } catch (SdkException e) {
                problems.add(candidate.name() + ": " + e.getMessage());
                LOG.warn("cloudtest: sweep: could not delete {}: {}", candidate.name(), e.getMessage());
            }
        }
        return new SweepReport(true, candidates, deleted, teardowns, problems);
    }

    // ---- stacks -------------------------------------------------------------------------------------------

    private List<SweepCandidate> stacks(ExpiryRule rule) {
        List<SweepCandidate> found = new ArrayList<>();
        // DescribeStacks without a name lists every stack that is not DELETE_COMPLETE, with its tags.
        for (Stack stack : session.client(CloudFormationClient.class)
                .describeStacksPaginator(r -> {})
                .stacks()) {
            if (stack.stackStatus() == StackStatus.DELETE_COMPLETE) {
                continue;
            }
            Map<String, String> tags = StackTags.toMap(stack.tags());
            if (rule.refusal(stack.stackName(), tags).isEmpty()) {
                found.add(candidate(SweepCandidate.Kind.STACK, stack.stackName(), stack.stackId(), tags, rule.now()));
            }
        }
        return found;
    }

    // ---- queues -------------------------------------------------------------------------------------------

    private List<SweepCandidate> queues(ExpiryRule rule) {
        SqsClient sqs = session.client(SqsClient.class);
        List<SweepCandidate> found = new ArrayList<>();
        for (String url : sqs.listQueuesPaginator(r -> r.maxResults(1000)).queueUrls()) {
            String name = url.substring(url.lastIndexOf('/') + 1);
            Optional<Map<String, String>> tags = queueTags(sqs, url);
            if (tags.isPresent()
                    && !tags.get().containsKey(STACK_ID_TAG)
                    && rule.refusal(name, tags.get()).isEmpty()) {
                found.add(candidate(SweepCandidate.Kind.QUEUE, name, url, tags.get(), rule.now()));
            }
        }
        return found;
    }

    private boolean deleteQueue(SweepCandidate candidate, ExpiryRule rule) {
        SqsClient sqs = session.client(SqsClient.class);
        Optional<Map<String, String>> tags = queueTags(sqs, candidate.id());
        if (tags.isEmpty()) {
            return false;
        }
        verify(candidate, tags.get(), rule);
        unsubscribeFrom(sqs, candidate.id());
        sqs.deleteQueue(r -> r.queueUrl(candidate.id()));
        return true;
    }

    /** SNS subscriptions cannot carry tags: a capture's subscription goes with its (tagged, expired) queue. */
    private void unsubscribeFrom(SqsClient sqs, String queueUrl) {
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                        .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
        SnsClient sns = session.client(SnsClient.class);
        for (Subscription subscription : sns.listSubscriptionsPaginator().subscriptions()) {
            if (arn != null
                    && arn.equals(subscription.endpoint())
                    && subscription.subscriptionArn().startsWith("arn:")) {
                sns.unsubscribe(r -> r.subscriptionArn(subscription.subscriptionArn()));
                LOG.warn(
                        "cloudtest: sweep: removed subscription {} of expired queue {}",
                        subscription.subscriptionArn(),
                        queueUrl);
            }
        }
    }

    // ---- secrets ------------------------------------------------------------------------------------------

    /**
     * Secrets cloudtest created before a CreateStack (moto creates none itself) whose stack does not exist: the run
     * died in between. Those of a live stack go with the stack's teardown.
     */
    private List<SweepCandidate> secrets(ExpiryRule rule, List<SweepCandidate> stacks) {
        if (session.endpoint().isEmpty()) {
            return List.of(); // on AWS, CloudFormation creates secrets as part of the stack
        }
        java.util.Set<String> live = new java.util.HashSet<>();
        session.client(CloudFormationClient.class).describeStacksPaginator(r -> {}).stacks().stream()
                .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE)
                .forEach(s -> live.add(s.stackName()));
        stacks.forEach(s -> live.remove(s.name())); // expired stacks are swept first, their secrets with them
        List<SweepCandidate> found = new ArrayList<>();
        var secrets = session.client(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.class);
        for (var secret :
                secrets
                        .listSecretsPaginator(
                                r -> r.filters(f -> f.key("tag-key").values(StackTags.STACK_NAME)))
                        .stream()
                        .flatMap(page -> page.secretList().stream())
                        .toList()) {
            Map<String, String> tags = new LinkedHashMap<>();
            secret.tags().forEach(t -> tags.put(t.key(), t.value()));
            String stack = tags.get(StackTags.STACK_NAME);
            if (stack != null
                    && !live.contains(stack)
                    && !stacks.stream().anyMatch(c -> c.name().equals(stack))
                    && rule.refusal(secret.name(), tags).isEmpty()) {
                found.add(candidate(SweepCandidate.Kind.SECRET, secret.name(), secret.arn(), tags, rule.now()));
            }
        }
        return found;
    }

    private boolean deleteSecret(SweepCandidate candidate, ExpiryRule rule) {
        var secrets = session.client(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.class);
        Map<String, String> tags = new LinkedHashMap<>();
        try {
            secrets.describeSecret(r -> r.secretId(candidate.id())).tags().forEach(t -> tags.put(t.key(), t.value()));
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            return false;
        }
        verify(candidate, tags, rule);
        secrets.deleteSecret(r -> r.secretId(candidate.id()).forceDeleteWithoutRecovery(true));
        return true;
    }

    // ---- EventBridge rules -------------------------------------------------------------------------------

    private List<SweepCandidate> rules(ExpiryRule rule) {
        EventBridgeClient events = session.client(EventBridgeClient.class);
        List<SweepCandidate> found = new ArrayList<>();
        for (EventBus bus : events.listEventBuses(r -> {}).eventBuses()) {
            for (Rule candidateRule : allRules(events, bus.name())) {
                Optional<Map<String, String>> tags = ruleTags(events, candidateRule.arn());
                String name = candidateRule.name();
                if (tags.isPresent()
                        && !tags.get().containsKey(STACK_ID_TAG)
                        && rule.refusal(name, tags.get()).isEmpty()) {
                    found.add(candidate(SweepCandidate.Kind.RULE, name, candidateRule.arn(), tags.get(), rule.now()));
                }
            }
        }
        return found;
    }

    private static List<Rule> allRules(EventBridgeClient events, String bus) {
        List<Rule> rules = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = events.listRules(r -> r.eventBusName(bus).nextToken(next));
            rules.addAll(page.rules());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return rules;
    }

    private boolean deleteRule(SweepCandidate candidate, ExpiryRule rule) {
        EventBridgeClient events = session.client(EventBridgeClient.class);
        Optional<Map<String, String>> tags = ruleTags(events, candidate.id());
        if (tags.isEmpty()) {
            return false;
        }
        verify(candidate, tags.get(), rule);
        // arn:aws:events:<region>:<account>:rule/[<bus>/]<name>
        String path = candidate.id().substring(candidate.id().indexOf(":rule/") + ":rule/".length());
        String bus = path.contains("/") ? path.substring(0, path.indexOf('/')) : "default";
        String name = candidate.name();
        List<String> targets = events.listTargetsByRule(r -> r.rule(name).eventBusName(bus)).targets().stream()
                .map(Target::id)
                .toList();
        if (!targets.isEmpty()) {
            events.removeTargets(r -> r.rule(name).eventBusName(bus).ids(targets));
        }
        events.deleteRule(r -> r.name(name).eventBusName(bus));
        return true;
    }

    /** The rule's tags; empty when the rule is gone. */
    private static Optional<Map<String, String>> ruleTags(EventBridgeClient events, String arn) {
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            events.listTagsForResource(r -> r.resourceARN(arn)).tags().forEach(t -> tags.put(t.key(), t.value()));
            return Optional.of(tags);
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The queue's tags; empty when the queue is gone. */
    private static Optional<Map<String, String>> queueTags(SqsClient sqs, String url) {
        try {
            return Optional.of(
                    new LinkedHashMap<>(sqs.listQueueTags(r -> r.queueUrl(url)).tags()));
        } catch (QueueDoesNotExistException e) {
            return Optional.empty();
        }
    }

    // ---- buckets ------------------------------------------------------------------------------------------

    private List<SweepCandidate> buckets(ExpiryRule rule) {
        S3Client s3 = session.client(S3Client.class);
        List<SweepCandidate> found = new ArrayList<>();
        for (var bucket : s3.listBuckets().buckets()) {
            Optional<Map<String, String>> tags = bucketTags(s3, bucket.name());
            if (tags.isPresent()
                    && !tags.get().containsKey(STACK_ID_TAG)
                    && rule.refusal(bucket.name(), tags.get()).isEmpty()) {
                found.add(candidate(SweepCandidate.Kind.BUCKET, bucket.name(), bucket.name(), tags.get(), rule.now()));
            }
        }
        return found;
    }

    private boolean deleteBucket(SweepCandidate candidate, ExpiryRule rule) {
        S3Client s3 = session.client(S3Client.class);
        Optional<Map<String, String>> tags = bucketTags(s3, candidate.id());
        if (tags.isEmpty()) {
            return false;
        }
        verify(candidate, tags.get(), rule);
        int emptied = new BucketEmptier(s3).empty(candidate.id());
        // And again right before the delete: emptying takes time.
        verify(candidate, bucketTags(s3, candidate.id()).orElse(Map.of()), rule);
        s3.deleteBucket(r -> r.bucket(candidate.id()));
        if (emptied > 0) {
            LOG.info("cloudtest: sweep: emptied bucket {} of {} object versions", candidate.name(), emptied);
        }
        return true;
    }

    /**
     * The bucket's tags: an empty map when it has none; empty when the bucket is gone or unreadable from this region
     * (ListBuckets lists every region's buckets), which the sweeper then leaves alone.
     */
    private static Optional<Map<String, String>> bucketTags(S3Client s3, String bucket) {
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            for (Tag tag : s3.getBucketTagging(r -> r.bucket(bucket)).tagSet()) {
                tags.put(tag.key(), tag.value());
            }
            return Optional.of(tags);
        } catch (S3Exception e) {
            if (e.awsErrorDetails() != null
                    && "NoSuchTagSet".equals(e.awsErrorDetails().errorCode())) {
                return Optional.of(Map.of());
            }
            LOG.debug("cloudtest: sweep: cannot read the tags of bucket {}: {}", bucket, e.getMessage());
            return Optional.empty();
        }
    }

    // ---- shared -------------------------------------------------------------------------------------------

    private static void verify(SweepCandidate candidate, Map<String, String> tags, ExpiryRule rule) {
        if (tags.containsKey(STACK_ID_TAG)) {
            throw ExpiryRule.refused(candidate.name(), "it now belongs to a stack (" + STACK_ID_TAG + ")");
        }
        rule.refusal(candidate.name(), tags).ifPresent(reason -> {
            throw ExpiryRule.refused(candidate.name(), reason);
        });
    }

    private static SweepCandidate candidate(
            SweepCandidate.Kind kind, String name, String id, Map<String, String> tags, Instant now) {
        Optional<Instant> createdAt;
        try {
            createdAt = Optional.ofNullable(tags.get(StackTags.CREATED_AT)).map(Instant::parse);
        } catch (RuntimeException e) {
            createdAt = Optional.empty();
        }
        SweepCandidate candidate = new SweepCandidate(
                kind,
                name,
                id,
                tags.getOrDefault(StackTags.OWNER, "(none)"),
                tags.get(StackTags.RUN_ID),
                createdAt,
                Instant.parse(tags.get(StackTags.EXPIRES_AT)),
                now);
        LOG.debug("cloudtest: sweep: found {} ({})", candidate, Durations.format(candidate.overdue()));
        return candidate;
    }
}
