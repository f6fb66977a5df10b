package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.naming.RunIds;
import dev.cloudtest.core.journey.Eventually;
import dev.cloudtest.core.report.SweepReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Resource types moto's CloudFormation does not create are created by cloudtest through the services' APIs, from the
 * template as written: they behave as on AWS (a filter policy filters, raw delivery is raw, a dynamic reference
 * resolves), are part of the stack as the tests see it, and nothing of them is left after teardown or after a killed
 * run's sweep, by each service's own listing. What cannot be created is refused before any mutating request.
 */
class FilledResourcesIT extends ProxiedMotoTest {
    private static final Path DIR = Path.of("src/test/resources/fillers");

    @Test
    void subscriptions_secrets_alarms_and_schedules_are_created_behave_and_are_torn_down() {
        Stack stack;
        try (CloudTestRun run = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            stack = run.provision(StackSpec.builder()
                    .id("notifications")
                    .template(DIR.resolve("order-notifications.yaml"))
                    .build());

            assertThat(stack.resourceTypes())
                    .containsEntry("AllOrdersSubscription", "AWS::SNS::Subscription")
                    .containsEntry("LargeOrdersSubscription", "AWS::SNS::Subscription")
                    .containsEntry("DatabaseSecret", "AWS::SecretsManager::Secret")
                    .containsEntry("DeadLettersAlarm", "AWS::CloudWatch::Alarm")
                    .containsEntry("NightlyAudit", "AWS::Scheduler::Schedule");
            assertThat(stack.output("LargeOrdersSubscriptionArn"))
                    .isEqualTo(stack.physicalId("LargeOrdersSubscription"))
                    .startsWith(stack.output("TopicArn") + ":");

            assertThat(stack.output("AlarmArn"))
                    .startsWith("arn:aws:cloudwatch:")
                    .endsWith(":alarm:" + stack.physicalId("DeadLettersAlarm"));
            assertThat(alarmsOf(stack.name())).containsExactly(stack.physicalId("DeadLettersAlarm"));

            SnsClient sns = run.session().client(SnsClient.class);
            sns.publish(r -> r.topicArn(stack.output("TopicArn")).message("{\"id\": \"o-1\", \"total\": 250}"));
            sns.publish(r -> r.topicArn(stack.output("TopicArn")).message("{\"id\": \"o-2\", \"total\": 20}"));

            List<String> all = receive(run, stack.output("AllOrdersQueueUrl"), 2);
            assertThat(all)
                    .as("raw delivery: the bodies as published, no SNS envelope")
                    .containsExactlyInAnyOrder("{\"id\": \"o-1\", \"total\": 250}", "{\"id\": \"o-2\", \"total\": 20}");
            List<String> large = receive(run, stack.output("LargeOrdersQueueUrl"), 1);
            assertThat(large).hasSize(1);
            assertThat(large.get(0))
                    .as("an SNS envelope, filtered on the body")
                    .contains("\"Type\"")
                    .contains("o-1")
                    .doesNotContain("o-2");

            SsmClient ssm = run.session().client(SsmClient.class);
            assertThat(ssm.getParameter(r -> r.name("/" + stack.name() + "/database-user"))
                            .parameter()
                            .value())
                    .as("the dynamic reference resolved to the generated secret's key")
                    .isEqualTo("orders_app");
            assertThat(ssm.getParameter(r -> r.name("/" + stack.name() + "/database-secret-arn"))
                            .parameter()
                            .value())
                    .isEqualTo(stack.output("DatabaseSecretArn"))
                    .isEqualTo(stack.physicalId("DatabaseSecret"));
            String secret = run.session()
                    .client(SecretsManagerClient.class)
                    .getSecretValue(r -> r.secretId(stack.physicalId("DatabaseSecret")))
                    .secretString();
            assertThat(secret).matches("\\{\"username\":\"orders_app\",\"password\":\"[A-Za-z0-9]{20}\"}");

            assertThat(run.session()
                            .client(SchedulerClient.class)
                            .getSchedule(r -> r.name(stack.physicalId("NightlyAudit")))
                            .target()
                            .input())
                    .isEqualTo("{\"audit\": \"nightly\"}");
            run.teardown(stack);
        }
        assertNothingLeftOf(stack.name());
    }

    @Test
    void put_events_reaches_every_target_of_a_rule_including_those_moto_cannot_deliver_to() {
        try (CloudTestRun run = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("events")
                    .templateResource("fillers/order-events.yaml")
                    .build());
            assertThat(stack.physicalId("OrdersBus"))
                    .as("moto reports no physical id for a bus")
                    .isEqualTo(stack.output("BusName"));
            Instant before = Instant.now().minusSeconds(1);

            var put = run.session()
                    .client(software.amazon.awssdk.services.eventbridge.EventBridgeClient.class)
                    .putEvents(r -> r.entries(e -> e.eventBusName(stack.output("BusName"))
                            .source("shop.orders")
                            .detailType("OrderPlaced")
                            .detail("{\"orderId\": \"o-eb\", \"quantity\": 2, \"unitPriceCents\": 5}")));
            assertThat(put.failedEntryCount()).isZero();

            assertThat(receive(run, stack.output("AuditQueueUrl"), 1).get(0))
                    .as("the queue target, delivered by moto")
                    .contains("\"o-eb\"");
            assertThat(receive(run, stack.output("NotifyQueueUrl"), 1))
                    .as("the topic target, relayed with its constant Input, then SNS raw delivery")
                    .containsExactly("{\"notice\": \"order placed\"}");
            String group = "/aws/lambda/" + stack.physicalId("PricingFunction");
            assertThat(run.probes().awaitLogLine(group, java.util.regex.Pattern.compile("stdout of o-eb"), before))
                    .as("the function target, run locally with the event's detail (InputPath)")
                    .contains("stdout of o-eb");
            run.teardown(stack);
        }
    }

    @Test
    void a_topics_own_lambda_subscription_reaches_the_local_function() {
        try (CloudTestRun run = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("topic-lambda")
                    .templateResource("fillers/topic-lambda.yaml")
                    .build());
            Instant before = Instant.now().minusSeconds(1);
            run.session().client(SnsClient.class).publish(r -> r.topicArn(stack.output("TopicArn"))
                    .message("inline o-5"));
            String line = run.probes()
                    .awaitLogLine(
                            "/aws/lambda/" + stack.physicalId("NoticeFunction"),
                            java.util.regex.Pattern.compile("sns-notice message=inline o-5"),
                            before);
            assertThat(line)
                    .as("read through SNSEvent's typed getters by the Lambda runtime's serialisation library")
                    .contains("source=aws:sns")
                    .contains("subscription=" + stack.output("TopicArn") + ":")
                    .containsPattern("timestamp=20\\d\\d ")
                    .contains("messageId=true")
                    .containsPattern("signingCertUrl=https?://");
            run.teardown(stack);
        }
    }

    @Test
    void a_function_url_is_created_and_served_by_the_local_function_behind_its_output() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("function-url")
                    .templateResource("fillers/function-url.yaml")
                    .build());
            assertThat(stack.resourceTypes()).containsEntry("EchoUrl", "AWS::Lambda::Url");
            assertThat(run.session()
                            .client(software.amazon.awssdk.services.lambda.LambdaClient.class)
                            .getFunctionUrlConfig(r -> r.functionName(stack.physicalId("EchoFunction")))
                            .authTypeAsString())
                    .isEqualTo("NONE");
            assertThat(stack.output("EchoUrl"))
                    .as("on loopback, never the deployed host")
                    .startsWith("http://127.0.0.1:");
            var response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(stack.output("EchoUrl") + "orders?x=1"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body())
                    .contains("\"version\":\"2.0\"")
                    .contains("\"routeKey\":\"$default\"")
                    .contains("\"rawPath\":\"/orders\"");
            var http = java.net.http.HttpClient.newHttpClient();
            var posted = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.output("EchoUrl") + "orders"))
                            .header("X-Trace", "t-1")
                            .header("Cookie", "session=abc; theme=dark")
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sku\": \"b-1\"}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
            assertThat(posted.body())
                    .contains("\"method\":\"POST\"")
                    .contains("\"trace\":\"t-1\"")
                    .contains("\"cookies\":[\"session=abc\",\"theme=dark\"]")
                    .contains("\"body\":\"{\\\"sku\\\": \\\"b-1\\\"}\"");

            java.net.URI privateUrl = java.net.URI.create(stack.output("PrivateEchoUrl") + "orders");
            assertThat(http.send(
                                    java.net.http.HttpRequest.newBuilder(privateUrl)
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("AuthType AWS_IAM: an unsigned request is refused, as on AWS")
                    .isEqualTo(403);
            assertThat(http.send(
                                    java.net.http.HttpRequest.newBuilder(privateUrl)
                                            .header(
                                                    "Authorization",
                                                    "AWS4-HMAC-SHA256 Credential=test/20261202/us-east-1/lambda/"
                                                            + "aws4_request, SignedHeaders=host, Signature=00")
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("a signed one is served (the signature is not verified locally)")
                    .isEqualTo(200);
            run.teardown(stack);
        }
    }

    @Test
    void a_function_url_whose_function_is_not_local_is_not_served_on_loopback() {
        try (CloudTestRun run = CloudTestRun.start(Moto.at(moto.endpoint())
                .set(dev.cloudtest.core.CloudTestConfig.LOCAL_FUNCTIONS, "PrivateEchoFunction")
                .build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("url-not-local")
                    .templateResource("fillers/function-url.yaml")
                    .build());

            assertThat(stack.output("PrivateEchoUrl")).startsWith("http://127.0.0.1:");
            assertThat(stack.output("EchoUrl"))
                    .as("EchoFunction does not run locally: no local port answers for its URL")
                    .doesNotStartWith("http://127.0.0.1:");
            run.teardown(stack);
        }
    }

    @Test
    void a_buckets_lambda_notification_reaches_the_local_function_with_its_key_filter() {
        try (CloudTestRun run = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("bucket-lambda")
                    .templateResource("fillers/bucket-lambda.yaml")
                    .build());
            Instant before = Instant.now().minusSeconds(1);
            var s3 = run.session().client(software.amazon.awssdk.services.s3.S3Client.class);
            s3.putObject(
                    r -> r.bucket(stack.output("BucketName")).key("in/notes.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("skip me"));
            s3.putObject(
                    r -> r.bucket(stack.output("BucketName")).key("in/orders.csv"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("id\no-1\n"));
            String group = "/aws/lambda/" + stack.physicalId("ImportFunction");
            String line = run.probes()
                    .awaitLogLine(group, java.util.regex.Pattern.compile("s3-notice .*key=in/orders.csv"), before);
            assertThat(line)
                    .contains("source=aws:s3")
                    .contains("event=ObjectCreated:Put")
                    .contains("bucket=" + stack.output("BucketName") + " ")
                    .contains("bucketArn=arn:aws:s3:::" + stack.output("BucketName") + " ")
                    .contains("size=7 ")
                    .contains("region=" + run.session().region())
                    .containsPattern("time=20\\d\\d");
            assertThat(run.probes().logLines(group, before))
                    .as("the suffix filter kept the .txt upload from the function")
                    .noneMatch(l -> l.contains("notes.txt"));
            run.teardown(stack);
        }
    }

    @Test
    void a_stage_is_created_and_what_reads_it_resolves_before_and_after_the_stack() {
        try (CloudTestRun run = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("stage")
                    .template(DIR.resolve("rest-api-stage.yaml"))
                    .build());
            String apiId = stack.output("ApiId");
            GetStageResponse stage = run.session()
                    .client(ApiGatewayClient.class)
                    .getStage(r -> r.restApiId(apiId).stageName("prod"));
            assertThat(stage.description()).isEqualTo("Production");
            assertThat(stage.variables()).containsEntry("tableSuffix", "prod");
            assertThat(stack.output("ApiUrl"))
                    .endsWith(".amazonaws.com/prod/orders")
                    .contains(apiId);
            assertThat(run.session()
                            .client(SsmClient.class)
                            .getParameter(r -> r.name("/" + stack.name() + "/stage"))
                            .parameter()
                            .value())
                    .as("a resource that reads the stage got its name in the template sent")
                    .isEqualTo("prod");
            run.teardown(stack);
        }
    }

    @Test
    void a_killed_run_leaves_filled_resources_to_the_sweeper_which_removes_them() throws Exception {
        String runId = "filled-" + RunIds.random();
        String owner = "owner-" + runId;
        Map<String, String> child;
        try (ChildJvm jvm = ChildJvm.start(
                List.of(),
                null,
                Path.of("target", "cloudtest-it", "children"),
                "provision-template",
                moto.endpoint().toString(),
                runId,
                owner,
                "8s",
                DIR.resolve("order-notifications.yaml").toAbsolutePath().toString())) {
            child = jvm.readUntil("READY", Duration.ofSeconds(90));
            jvm.process().destroyForcibly();
            assertThat(jvm.waitFor(Duration.ofSeconds(10))).isTrue();
        }
        String stackName = child.get("STACK");
        assertThat(secretsOf(stackName))
                .as("the killed run's secret is still there")
                .hasSize(1);
        try (CloudTestRun sweeping = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            Instant expiresAt = Instant.parse(child.get("EXPIRES_AT"));
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 1100);
            SweepReport report = sweeping.sweeper().withOwner(owner).sweep(true);
            assertThat(report.isClean()).as(report.summary()).isTrue();
        }
        assertNothingLeftOf(stackName);
    }

    @Test
    void a_secret_whose_stack_never_came_to_exist_is_swept_once_expired() {
        String owner = "owner-orphan-" + RunIds.random();
        Map<String, String> tags = new java.util.LinkedHashMap<>(dev.cloudtest.core.internal.naming.StackTags.ownership(
                "run-orphan",
                owner,
                "held",
                Instant.now().minusSeconds(7200),
                Instant.now().minusSeconds(3600)));
        tags.put("cloudtest:stack-name", "ct-held-never-created");
        var secrets = direct.session().client(SecretsManagerClient.class);
        secrets.createSecret(r -> r.name("ct-held-never-created-Secret")
                .secretString("s")
                .tags(tags.entrySet().stream()
                        .map(e -> software.amazon.awssdk.services.secretsmanager.model.Tag.builder()
                                .key(e.getKey())
                                .value(e.getValue())
                                .build())
                        .toList()));
        try (CloudTestRun sweeping = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            SweepReport report = sweeping.sweeper().withOwner(owner).sweep(true);
            assertThat(report.deleted())
                    .extracting(dev.cloudtest.core.report.SweepCandidate::name)
                    .containsExactly("ct-held-never-created-Secret");
        }
        assertThat(secretsOf("ct-held-never-created")).isEmpty();
    }

    @Test
    void a_reference_that_cannot_be_given_before_the_stack_is_refused_with_no_mutating_request() {
        CloudTestConfig config = Moto.at(proxy.endpoint()).build();
        try (CloudTestRun run = CloudTestRun.start(config)) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("reads-subscription")
                            .templateBody(
                                    """
                                    Resources:
                                      Topic: {Type: AWS::SNS::Topic}
                                      Inbox: {Type: AWS::SQS::Queue}
                                      InboxSubscription:
                                        Type: AWS::SNS::Subscription
                                        Properties:
                                          TopicArn: !Ref Topic
                                          Protocol: sqs
                                          Endpoint: !GetAtt Inbox.Arn
                                      SubscriptionArn:
                                        Type: AWS::SSM::Parameter
                                        Properties:
                                          Name: /orders/subscription
                                          Type: String
                                          Value: !Ref InboxSubscription
                                    """)
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("InboxSubscription (AWS::SNS::Subscription)")
                    .hasMessageContaining("SubscriptionArn read it")
                    .hasMessageContaining("Nothing was created");
        }
        // what cfn-lint also finds is refused by the filler itself when the check is off
        try (CloudTestRun run = CloudTestRun.start(
                Moto.at(proxy.endpoint()).set(CloudTestConfig.LINT, "off").build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("nameless-api")
                            .templateBody("Resources:\n  Api: {Type: AWS::ApiGateway::RestApi}\n")
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Api (AWS::ApiGateway::RestApi) has no Name and no OpenAPI Body");
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("http-integration")
                            .templateBody(
                                    """
                                    Resources:
                                      Api:
                                        Type: AWS::ApiGateway::RestApi
                                        Properties:
                                          Body:
                                            openapi: "3.0.1"
                                            info: {title: partners}
                                            paths:
                                              /partners:
                                                get:
                                                  x-amazon-apigateway-integration:
                                                    type: http_proxy
                                                    httpMethod: GET
                                                    uri: https://partners.example.com/list
                                    """)
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("GET /partners has an x-amazon-apigateway-integration of type http_proxy");
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("math-alarm")
                            .templateBody(
                                    """
                                    Resources:
                                      Errors:
                                        Type: AWS::CloudWatch::Alarm
                                        Properties:
                                          ComparisonOperator: GreaterThanThreshold
                                          EvaluationPeriods: 1
                                          Threshold: 1
                                          Metrics:
                                            - Id: e1
                                              Expression: "m1 * 2"
                                    """)
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Errors (AWS::CloudWatch::Alarm) alarms on metric math");
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    @Test
    void a_secret_created_before_a_rejected_create_stack_is_removed() {
        try (CloudTestRun run = CloudTestRun.start(
                Moto.at(moto.endpoint()).set(CloudTestConfig.LINT, "off").build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("rejected")
                            .templateBody(
                                    """
                                    Resources:
                                      Secret:
                                        Type: AWS::SecretsManager::Secret
                                        Properties: {SecretString: s3cr3t}
                                      Broken:
                                        Type: AWS::SQS::Queue
                                        Properties:
                                          RedrivePolicy:
                                            deadLetterTargetArn: !GetAtt Nowhere.Arn
                                            maxReceiveCount: 1
                                    """)
                            .build()))
                    .isNotInstanceOf(AssertionError.class);
            assertThat(run.report().stacks())
                    .allSatisfy(s -> assertThat(secretsOf(s.name())).isEmpty());
            assertThat(direct.session()
                            .client(SecretsManagerClient.class)
                            .listSecrets()
                            .secretList())
                    .noneMatch(s -> s.name().contains("-Secret"));
        }
    }

    private static List<String> receive(CloudTestRun run, String queueUrl, int count) {
        List<String> bodies = new java.util.ArrayList<>();
        Eventually.await(count + " message(s) on " + queueUrl)
                .atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            run
                                    .session()
                                    .client(SqsClient.class)
                                    .receiveMessage(r -> r.queueUrl(queueUrl)
                                            .maxNumberOfMessages(10)
                                            .waitTimeSeconds(1))
                                    .messages()
                                    .stream()
                                    .map(Message::body)
                                    .forEach(bodies::add);
                            return bodies.size();
                        },
                        n -> n >= count);
        return bodies;
    }

    private static List<SecretListEntry> secretsOf(String stackName) {
        return direct.session().client(SecretsManagerClient.class).listSecrets().secretList().stream()
                .filter(s -> s.tags().stream()
                        .anyMatch(t -> t.key().equals("cloudtest:stack-name")
                                && t.value().equals(stackName)))
                .toList();
    }

    /** The alarms named after the stack, by CloudWatch's own (Query protocol) listing. */
    private static List<String> alarmsOf(String stackName) {
        String xml = dev.cloudtest.core.internal.moto.fill.CloudWatchQueryAccess.describeAlarms(direct.session());
        return java.util.regex.Pattern.compile("<AlarmName>([^<]*)</AlarmName>")
                .matcher(xml)
                .results()
                .map(m -> m.group(1))
                .filter(n -> n.startsWith(stackName))
                .toList();
    }

    /** Each service's own listing: nothing cloudtest filled for the stack is left. */
    private static void assertNothingLeftOf(String stackName) {
        assertThat(secretsOf(stackName)).isEmpty();
        assertThat(alarmsOf(stackName)).isEmpty();
        assertThat(direct.session()
                        .client(SchedulerClient.class)
                        .listSchedules(r -> {})
                        .schedules())
                .extracting(ScheduleSummary::name)
                .noneMatch(n -> n.startsWith(stackName));
        assertThat(direct.session().client(SnsClient.class).listSubscriptions().subscriptions())
                .extracting(Subscription::endpoint)
                .noneMatch(e -> e != null && e.contains(stackName));
    }
}
