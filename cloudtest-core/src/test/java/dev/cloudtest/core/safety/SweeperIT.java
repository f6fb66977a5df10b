package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.internal.naming.RunIds;
import dev.cloudtest.core.report.SweepCandidate;
import dev.cloudtest.core.report.SweepReport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The sweeper against moto, through the recording proxy: it finds and removes expired cloudtest resources, and never
 * touches unexpired, untagged or filtered-out ones. Each test works under its own name prefix, so that sweeps in a
 * shared emulator never reach other tests' resources.
 */
class SweeperIT extends ProxiedMotoTest {
    private static final String QUEUE_TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

    private String prefix;

    @BeforeEach
    void newPrefix() {
        prefix = "sw" + RunIds.random().substring(0, 8);
    }

    @Test
    void dry_run_lists_expired_stacks_with_owner_and_age_and_mutates_nothing() {
        String expired = stack("old", expiredTags("alice"));

        try (CloudTestRun run = runViaProxy()) {
            SweepReport report = run.sweeper().withNamePrefix(prefix).sweep(false);

            assertThat(report.confirmed()).isFalse();
            assertThat(report.candidates()).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(SweepCandidate.Kind.STACK);
                assertThat(c.name()).isEqualTo(prefix + "-old");
                assertThat(c.owner()).isEqualTo("alice");
                assertThat(c.age()).hasValueSatisfying(a -> assertThat(a).isGreaterThan(Duration.ofHours(3)));
                assertThat(c.overdue()).isGreaterThan(Duration.ofMinutes(59));
            });
            assertThat(report.deleted()).isEmpty();
            assertThat(report.summary())
                    .contains("dry run")
                    .contains("would delete stack " + prefix + "-old (owner alice")
                    .contains("cloudtest.sweep.confirm=true");
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
        assertThat(status(expired)).isEqualTo(StackStatus.CREATE_COMPLETE);
    }

    @Test
    void confirmed_sweep_deletes_only_the_expired_tagged_stack() {
        String expired = stack("old", expiredTags("alice"));
        String unexpired = stack("young", tags("alice", Instant.now().plus(Duration.ofHours(1))));
        String untagged = stack("foreign", Map.of("team", "payments"));
        Map<String, String> onlyExpiry = new LinkedHashMap<>(expiredTags("alice"));
        onlyExpiry.remove("cloudtest:run-id");
        String halfTagged = stack("half", onlyExpiry);

        SweepReport report;
        try (CloudTestRun run = runViaProxy()) {
            report = run.sweeper().withNamePrefix(prefix).sweep(true);
        }

        assertThat(report.candidates()).extracting(SweepCandidate::name).containsExactly(prefix + "-old");
        assertThat(report.deleted()).extracting(SweepCandidate::name).containsExactly(prefix + "-old");
        assertThat(report.isClean()).isTrue();
        assertThat(status(expired)).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(status(unexpired)).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(status(untagged)).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(status(halfTagged)).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(proxy.mutatingCalls()).extracting(AwsCall::operation).containsExactly("DeleteStack");
        cleanUp(unexpired, untagged, halfTagged);
    }

    @Test
    void unexpired_stack_survives_dry_run_and_confirmed_sweep() {
        String unexpired = stack("young", tags("alice", Instant.now().plus(Duration.ofMinutes(5))));

        try (CloudTestRun run = runViaProxy()) {
            assertThat(run.sweeper().withNamePrefix(prefix).findExpired()).isEmpty();
            assertThat(run.sweeper().withNamePrefix(prefix).sweep(false).candidates())
                    .isEmpty();
            assertThat(run.sweeper().withNamePrefix(prefix).sweep(true).deleted())
                    .isEmpty();
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
        assertThat(status(unexpired)).isEqualTo(StackStatus.CREATE_COMPLETE);
        cleanUp(unexpired);
    }

    @Test
    void untagged_stack_is_never_a_candidate_and_survives_a_confirmed_sweep() {
        String untagged = stack("foreign", Map.of());

        try (CloudTestRun run = runViaProxy()) {
            assertThat(run.sweeper().withNamePrefix(prefix).sweep(true).candidates())
                    .isEmpty();
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
        assertThat(status(untagged)).isEqualTo(StackStatus.CREATE_COMPLETE);
        cleanUp(untagged);
    }

    @Test
    void owner_filter_leaves_other_owners_expired_stacks() {
        String alices = stack("alice", expiredTags("alice"));
        String bobs = stack("bob", expiredTags("bob"));

        SweepReport report;
        try (CloudTestRun run = runViaProxy()) {
            report = run.sweeper().withNamePrefix(prefix).withOwner("bob").sweep(true);
        }

        assertThat(report.deleted()).extracting(SweepCandidate::name).containsExactly(prefix + "-bob");
        assertThat(status(bobs)).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(status(alices)).isEqualTo(StackStatus.CREATE_COMPLETE);
        cleanUp(alices);
    }

    @Test
    void sweep_on_start_removes_only_expired_stacks_of_this_runs_owner() {
        String owner = "owner-" + prefix;
        String mineExpired = stack("mine-old", expiredTags(owner));
        String mineYoung = stack("mine-young", tags(owner, Instant.now().plus(Duration.ofHours(1))));
        String othersExpired = stack("other-old", expiredTags("someone-else-" + prefix));

        try (CloudTestRun run = CloudTestRun.start(Moto.at(proxy.endpoint())
                .set(CloudTestConfig.OWNER, owner)
                .set(CloudTestConfig.SWEEP_ON_START, "true")
                .build())) {
            assertThat(run.runId()).isNotBlank();
        }

        assertThat(status(mineExpired)).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(status(mineYoung)).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(status(othersExpired)).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(proxy.mutatingCalls()).extracting(AwsCall::operation).containsExactly("DeleteStack");
        cleanUp(mineYoung, othersExpired);
    }

    @Test
    void owner_and_prefix_filters_come_from_the_configuration() {
        try (CloudTestRun run = CloudTestRun.start(Moto.at(proxy.endpoint())
                .set(CloudTestConfig.SWEEP_OWNER, "carol")
                .set(CloudTestConfig.SWEEP_NAME_PREFIX, prefix)
                .build())) {
            assertThat(run.sweeper().owner()).contains("carol");
            assertThat(run.sweeper().namePrefix()).contains(prefix);
        }
    }

    @Test
    void expired_tagged_queue_is_deleted_and_unexpired_or_untagged_queues_stay() {
        SqsClient sqs = direct.session().client(SqsClient.class);
        String expired = sqs.createQueue(r -> r.queueName(prefix + "-expired").tags(expiredTags("alice")))
                .queueUrl();
        String young = sqs.createQueue(r -> r.queueName(prefix + "-young")
                        .tags(tags("alice", Instant.now().plus(Duration.ofHours(1)))))
                .queueUrl();
        String untagged =
                sqs.createQueue(r -> r.queueName(prefix + "-untagged")).queueUrl();

        SweepReport report;
        try (CloudTestRun run = runViaProxy()) {
            report = run.sweeper().withNamePrefix(prefix).sweep(true);
        }

        assertThat(report.deleted())
                .singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(SweepCandidate.Kind.QUEUE))
                .satisfies(c -> assertThat(c.name()).isEqualTo(prefix + "-expired"));
        List<String> left = sqs.listQueues(r -> r.queueNamePrefix(prefix)).queueUrls();
        assertThat(left)
                .extracting(SweeperIT::lastSegment)
                .containsExactlyInAnyOrder(prefix + "-young", prefix + "-untagged");
        assertThat(proxy.mutatingCalls()).extracting(AwsCall::operation).containsExactly("DeleteQueue");
        assertThat(lastSegment(expired)).isEqualTo(prefix + "-expired");
        sqs.deleteQueue(r -> r.queueUrl(young));
        sqs.deleteQueue(r -> r.queueUrl(untagged));
    }

    @Test
    void expired_tagged_bucket_is_emptied_and_deleted_and_others_stay() {
        S3Client s3 = direct.session().client(S3Client.class);
        String expired = prefix + "-expired";
        String young = prefix + "-young";
        String untagged = prefix + "-untagged";
        for (String bucket : List.of(expired, young, untagged)) {
            s3.createBucket(r -> r.bucket(bucket));
            s3.putObject(r -> r.bucket(bucket).key("a.txt"), RequestBody.fromString("x"));
        }
        tagBucket(s3, expired, expiredTags("alice"));
        tagBucket(s3, young, tags("alice", Instant.now().plus(Duration.ofHours(1))));

        SweepReport report;
        try (CloudTestRun run = runViaProxy()) {
            report = run.sweeper().withNamePrefix(prefix).sweep(true);
        }

        assertThat(report.deleted()).extracting(SweepCandidate::name).containsExactly(expired);
        assertThat(s3.listBuckets().buckets())
                .extracting(b -> b.name())
                .filteredOn(n -> n.startsWith(prefix))
                .containsExactlyInAnyOrder(young, untagged);
        assertThat(proxy.mutatingCalls()).extracting(AwsCall::operation).allSatisfy(op -> assertThat(op)
                .contains("/" + expired));
        for (String bucket : List.of(young, untagged)) {
            s3.deleteObject(r -> r.bucket(bucket).key("a.txt"));
            s3.deleteBucket(r -> r.bucket(bucket));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private CloudTestRun runViaProxy() {
        return CloudTestRun.start(Moto.at(proxy.endpoint()).build());
    }

    private String stack(String suffix, Map<String, String> tags) {
        return direct.session()
                .client(CloudFormationClient.class)
                .createStack(r -> r.stackName(prefix + "-" + suffix)
                        .templateBody(QUEUE_TEMPLATE)
                        .tags(tags.entrySet().stream()
                                .map(e -> Tag.builder()
                                        .key(e.getKey())
                                        .value(e.getValue())
                                        .build())
                                .toList()))
                .stackId();
    }

    @Test
    void expired_probe_rule_and_the_subscription_of_an_expired_probe_queue_are_removed_and_young_ones_stay() {
        EventBridgeClient events = direct.session().client(EventBridgeClient.class);
        SqsClient sqs = direct.session().client(SqsClient.class);
        SnsClient sns = direct.session().client(SnsClient.class);
        String queue = sqs.createQueue(r -> r.queueName(prefix + "-capture").tags(expiredTags("alice")))
                .queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String topic = sns.createTopic(r -> r.name(prefix + "-topic")).topicArn();
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn));
        events.putRule(r -> r.name(prefix + "-expired")
                .eventPattern("{\"source\": [\"x\"]}")
                .tags(eventTags(expiredTags("alice"))));
        events.putTargets(
                r -> r.rule(prefix + "-expired").targets(t -> t.id("q").arn(queueArn)));
        events.putRule(r -> r.name(prefix + "-young")
                .eventPattern("{\"source\": [\"x\"]}")
                .tags(eventTags(tags("alice", Instant.now().plus(Duration.ofHours(1))))));

        SweepReport report;
        try (CloudTestRun run = runViaProxy()) {
            report = run.sweeper().withNamePrefix(prefix).sweep(true);
        }

        assertThat(events.listRules(r -> r.namePrefix(prefix)).rules())
                .extracting(software.amazon.awssdk.services.eventbridge.model.Rule::name)
                .containsExactly(prefix + "-young");
        assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions())
                .isEmpty();
        assertThat(report.deleted())
                .extracting(SweepCandidate::kind)
                .containsExactlyInAnyOrder(SweepCandidate.Kind.QUEUE, SweepCandidate.Kind.RULE);
        events.deleteRule(r -> r.name(prefix + "-young"));
        sns.deleteTopic(r -> r.topicArn(topic));
    }

    private static List<software.amazon.awssdk.services.eventbridge.model.Tag> eventTags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.eventbridge.model.Tag.builder()
                        .key(e.getKey())
                        .value(e.getValue())
                        .build())
                .toList();
    }

    private static Map<String, String> expiredTags(String owner) {
        Map<String, String> tags = tags(owner, Instant.now().minus(Duration.ofHours(1)));
        tags.put(
                "cloudtest:created-at",
                Instant.now()
                        .minus(Duration.ofHours(4))
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        return tags;
    }

    private static Map<String, String> tags(String owner, Instant expiresAt) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("cloudtest:run-id", "crashed-" + owner);
        tags.put("cloudtest:owner", owner);
        tags.put(
                "cloudtest:created-at",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        tags.put(
                "cloudtest:expires-at",
                expiresAt.truncatedTo(ChronoUnit.SECONDS).toString());
        return tags;
    }

    private static void tagBucket(S3Client s3, String bucket, Map<String, String> tags) {
        s3.putBucketTagging(r -> r.bucket(bucket)
                .tagging(t -> t.tagSet(tags.entrySet().stream()
                        .map(e -> software.amazon.awssdk.services.s3.model.Tag.builder()
                                .key(e.getKey())
                                .value(e.getValue())
                                .build())
                        .toList())));
    }

    private static StackStatus status(String stackId) {
        return direct.session()
                .client(CloudFormationClient.class)
                .describeStacks(r -> r.stackName(stackId))
                .stacks()
                .get(0)
                .stackStatus();
    }

    private static void cleanUp(String... stackIds) {
        for (String id : stackIds) {
            direct.session().client(CloudFormationClient.class).deleteStack(r -> r.stackName(id));
        }
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
