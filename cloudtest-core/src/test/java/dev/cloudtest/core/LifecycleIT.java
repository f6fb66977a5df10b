package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.report.TeardownReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The whole lifecycle against moto: provision a 13-resource stack, use it, tear it down, and find nothing left. */
class LifecycleIT {

    private static final StackSpec EVERYTHING = StackSpec.builder()
            .templateResource("stacks/everything.yaml")
            .parameter("ApiSecret", "s3cr3t-value")
            .tag("team", "journeys")
            .build();

    @Test
    void provisions_a_stack_of_thirteen_resources_with_outputs_and_leaves_nothing_after_teardown() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(EVERYTHING);

            assertThat(stack.name()).startsWith("ct-everything-" + run.runId());
            assertThat(stack.resourceTypes()).hasSize(13);
            assertThat(stack.output("Stage")).isEqualTo("dev");
            assertThat(stack.output("BusName")).isEqualTo(stack.name() + "-bus");
            assertThat(stack.output("ParameterName")).isEqualTo("/" + stack.name() + "/api-secret");
            Inventory before = Inventory.of(run.session(), stack);
            assertThat(before.present(run.session()))
                    .containsOnlyKeys(before.expected().keySet());
            run.session()
                    .client(S3Client.class)
                    .putObject(r -> r.bucket(stack.output("BucketName")).key("a/b.txt"), RequestBody.fromString("x"));
            run.session().client(SqsClient.class).sendMessage(r -> r.queueUrl(stack.output("WorkQueueUrl"))
                    .messageBody("{}"));

            TeardownReport report = run.teardown(stack);

            assertThat(report.isClean()).as("leftovers: %s", report.leftovers()).isTrue();
            assertThat(before.present(run.session())).isEmpty();
            assertThat(run.session()
                            .client(CloudFormationClient.class)
                            .describeStacks(r -> r.stackName(stack.stackId()))
                            .stacks()
                            .get(0)
                            .stackStatus())
                    .isEqualTo(StackStatus.DELETE_COMPLETE);
        }
    }

    @Test
    void tags_the_stack_with_ownership_and_user_tags() {
        try (CloudTestRun run = CloudTestRun.start(
                TestTargets.moto().set(CloudTestConfig.OWNER, "alice").build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .templateResource("stacks/queue-only.yaml")
                    .tag("team", "journeys")
                    .build());

            Map<String, String> tags = new java.util.HashMap<>();
            run.session()
                    .client(CloudFormationClient.class)
                    .describeStacks(r -> r.stackName(stack.name()))
                    .stacks()
                    .get(0)
                    .tags()
                    .forEach(t -> tags.put(t.key(), t.value()));

            assertThat(tags)
                    .containsEntry("cloudtest:run-id", run.runId())
                    .containsEntry("cloudtest:owner", "alice")
                    .containsEntry("team", "journeys")
                    .containsKeys("cloudtest:created-at", "cloudtest:expires-at");
            assertThat(java.time.Duration.between(stack.createdAt(), stack.expiresAt()))
                    .isEqualTo(run.config().ttl());
        }
    }

    @Test
    void tears_down_a_versioned_bucket_with_versions_and_delete_markers() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .templateResource("stacks/versioned-bucket.yaml")
                    .build());
            S3Client s3 = run.session().client(S3Client.class);
            String bucket = stack.output("BucketName");
            // moto ignores VersioningConfiguration in templates; enable it the way AWS would have.
            s3.putBucketVersioning(
                    r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            for (int i = 0; i < 3; i++) {
                int n = i;
                s3.putObject(r -> r.bucket(bucket).key("doc.txt"), RequestBody.fromString("v" + n));
            }
            s3.putObject(r -> r.bucket(bucket).key("other.txt"), RequestBody.fromString("x"));
            s3.deleteObject(r -> r.bucket(bucket).key("doc.txt"));
            assertThat(s3.listObjectVersions(r -> r.bucket(bucket)).versions()).hasSize(4);

            TeardownReport report = run.teardown(stack);

            assertThat(report.isClean()).isTrue();
            assertThat(report.removed()).anySatisfy(line -> assertThat(line).contains("5 object versions"));
            assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket));
        }
    }

    @Test
    void closing_the_run_tears_down_every_stack_still_up() {
        List<String> ids = new ArrayList<>();
        CloudTestConfig config = TestTargets.moto().build();
        String endpoint;
        try (CloudTestRun run = CloudTestRun.start(config)) {
            ids.add(run.provision(StackSpec.builder()
                            .id("one")
                            .templateResource("stacks/queue-only.yaml")
                            .build())
                    .stackId());
            ids.add(run.provision(StackSpec.builder()
                            .id("two")
                            .templateResource("stacks/queue-only.yaml")
                            .build())
                    .stackId());
            endpoint = run.session().endpoint().orElseThrow().toString();
        }
        if (System.getProperty("cloudtest.endpoint", "").isBlank()) {
            return; // the run's own emulator is gone with its state; nothing can be left in it
        }
        try (CloudTestRun check = CloudTestRun.start(
                TestTargets.moto().set(CloudTestConfig.ENDPOINT, endpoint).build())) {
            CloudFormationClient cfn = check.session().client(CloudFormationClient.class);
            for (String id : ids) {
                assertThat(cfn.describeStacks(r -> r.stackName(id))
                                .stacks()
                                .get(0)
                                .stackStatus())
                        .isEqualTo(StackStatus.DELETE_COMPLETE);
            }
        }
    }

    /** Physical resources of a stack, checked through each service's own listing (not CloudFormation's word). */
    record Inventory(Map<String, String> expected) {
        static Inventory of(CloudSession session, Stack stack) {
            Map<String, String> expected = new java.util.LinkedHashMap<>();
            expected.put("bucket", stack.output("BucketName"));
            expected.put("work-queue", stack.output("WorkQueueUrl"));
            expected.put("dlq", stack.output("DeadLetterQueueUrl"));
            expected.put("topic-queue", stack.output("TopicQueueUrl"));
            expected.put("events-queue", stack.output("EventsQueueUrl"));
            expected.put("topic", stack.output("TopicArn"));
            expected.put("table", stack.output("TableName"));
            expected.put("role", stack.output("RoleArn"));
            expected.put("bus", stack.output("BusName"));
            expected.put("rule", stack.output("RuleArn"));
            expected.put("state-machine", stack.output("StateMachineArn"));
            expected.put("parameter", stack.output("ParameterName"));
            expected.put("log-group", stack.output("LogGroupName"));
            return new Inventory(expected);
        }

        /** Which of the expected resources each service still lists. */
        Map<String, String> present(CloudSession session) {
            List<String> buckets = session.client(S3Client.class).listBuckets().buckets().stream()
                    .map(b -> b.name())
                    .toList();
            List<String> queues = session.client(SqsClient.class).listQueues().queueUrls().stream()
                    .map(u -> u.substring(u.lastIndexOf('/') + 1))
                    .toList();
            List<String> topics = session.client(SnsClient.class).listTopicsPaginator().topics().stream()
                    .map(t -> t.topicArn())
                    .toList();
            List<String> tables = session.client(DynamoDbClient.class).listTablesPaginator().tableNames().stream()
                    .toList();
            List<String> roles = session.client(IamClient.class).listRolesPaginator().roles().stream()
                    .map(r -> r.arn())
                    .toList();
            EventBridgeClient events = session.client(EventBridgeClient.class);
            List<String> buses = events.listEventBuses(r -> {}).eventBuses().stream()
                    .map(b -> b.name())
                    .toList();
            List<String> rules = new ArrayList<>();
            for (String bus : buses) {
                events.listRules(r -> r.eventBusName(bus)).rules().forEach(rule -> rules.add(rule.arn()));
            }
            List<String> machines =
                    session.client(SfnClient.class).listStateMachinesPaginator().stateMachines().stream()
                            .map(m -> m.stateMachineArn())
                            .toList();
            List<String> parameters = session.client(SsmClient.class).describeParametersPaginator(r -> {}).stream()
                    .flatMap(p -> p.parameters().stream())
                    .toList()
                    .stream()
                    .map(p -> p.name())
                    .toList();
            List<String> logGroups =
                    session.client(CloudWatchLogsClient.class).describeLogGroupsPaginator(r -> {}).logGroups().stream()
                            .map(g -> g.logGroupName())
                            .toList();
            Map<String, String> present = new java.util.LinkedHashMap<>();
            expected.forEach((kind, id) -> {
                boolean found =
                        switch (kind) {
                            case "bucket" -> buckets.contains(id);
                            case "work-queue", "dlq", "topic-queue", "events-queue" ->
                                queues.contains(id.substring(id.lastIndexOf('/') + 1));
                            case "topic" -> topics.contains(id);
                            case "table" -> tables.contains(id);
                            case "role" -> roles.contains(id);
                            case "bus" -> buses.contains(id);
                            case "rule" -> rules.contains(id);
                            case "state-machine" -> machines.contains(id);
                            case "parameter" -> parameters.contains(id);
                            case "log-group" -> logGroups.contains(id);
                            default -> throw new IllegalStateException(kind);
                        };
                if (found) {
                    present.put(kind, id);
                }
            });
            return present;
        }
    }
}
