package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cloudtest.core.report.TeardownReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** A template that needs what moto's CloudFormation lacks behaves on moto as it would on AWS. */
class EmulatorCompatibilityIT {

    private static final StackSpec GAPS =
            StackSpec.builder().templateResource("stacks/moto-gaps.yaml").build();

    @Test
    void a_queue_url_read_with_get_att_and_an_unnamed_parameter_provision_as_on_aws() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("queue-url")
                    .templateBody(
                            """
                            Resources:
                              Inbox: {Type: AWS::SQS::Queue}
                              InboxUrlParameter:
                                Type: AWS::SSM::Parameter
                                Properties:
                                  Type: String
                                  Value: !Sub "url=${Inbox.QueueUrl}"
                            Outputs:
                              ShortForm: {Value: !GetAtt Inbox.QueueUrl}
                              ListForm: {Value: !GetAtt [Inbox, QueueUrl]}
                              Arn: {Value: !GetAtt Inbox.Arn}
                            """)
                    .build());
            String url = stack.physicalId("Inbox");

            assertThat(url).startsWith("https://sqs.");
            assertThat(stack.output("ShortForm")).isEqualTo(url);
            assertThat(stack.output("ListForm")).isEqualTo(url);
            assertThat(stack.output("Arn")).startsWith("arn:aws:sqs:");
            assertThat(run.session()
                            .client(software.amazon.awssdk.services.ssm.SsmClient.class)
                            .getParameter(r -> r.name(stack.physicalId("InboxUrlParameter")))
                            .parameter()
                            .value())
                    .isEqualTo("url=" + url);
            assertThat(stack.physicalId("InboxUrlParameter")).startsWith("CFN-InboxUrlParameter-");
            run.teardown(stack);
        }
    }

    @Test
    void bucket_notifications_declared_in_the_template_deliver_to_the_queue() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(GAPS);
            SqsClient sqs = run.session().client(SqsClient.class);
            String inbox = stack.output("InboxUrl");

            run.session()
                    .client(S3Client.class)
                    .putObject(
                            r -> r.bucket(stack.output("BucketName")).key("incoming/doc-1.pdf"),
                            RequestBody.fromString("%PDF"));

            List<Message> messages = sqs.receiveMessage(
                            r -> r.queueUrl(inbox).waitTimeSeconds(5).maxNumberOfMessages(10))
                    .messages();
            assertThat(messages).extracting(Message::body).anySatisfy(body -> assertThat(body)
                    .contains("ObjectCreated")
                    .contains("doc-1.pdf"));
        }
    }

    @Test
    void state_machines_execute_on_an_emulator_cloudtest_started_itself() {
        CloudTestConfig config = TestTargets.moto()
                .set(CloudTestConfig.ENDPOINT, "")
                .set(CloudTestConfig.TARGET, "emulator")
                .build();
        try (CloudTestRun run = CloudTestRun.start(config)) {
            Stack stack = run.provision(GAPS);
            SfnClient sfn = run.session().client(SfnClient.class);

            String execution = sfn.startExecution(r -> r.stateMachineArn(stack.output("RecorderArn"))
                            .name("audit-1")
                            .input("{\"id\": \"doc-1\"}"))
                    .executionArn();

            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(sfn.describeExecution(r -> r.executionArn(execution))
                                    .status())
                            .isEqualTo(ExecutionStatus.SUCCEEDED));
            Map<String, AttributeValue> item = run.session()
                    .client(DynamoDbClient.class)
                    .getItem(r ->
                            r.tableName(stack.output("TableName")).key(Map.of("id", AttributeValue.fromS("doc-1"))))
                    .item();
            assertThat(item).containsEntry("id", AttributeValue.fromS("doc-1"));

            TeardownReport report = run.teardown(stack);
            assertThat(report.isClean()).isTrue();
            assertThat(sfn.listStateMachines().stateMachines())
                    .noneMatch(m -> m.stateMachineArn().equals(stack.output("RecorderArn")));
        }
    }
}
