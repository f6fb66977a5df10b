package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.journey.Eventually;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A SAM template as teams write it (Globals, a module-folder CodeUri, a SimpleTable, an SQS event, a policy template,
 * outputs that read SAM resources' attributes) provisions unchanged on moto: expanded by aws-sam-translator before
 * CreateStack, every expanded resource created, the function run locally for its queue, and torn down.
 */
class SamExpansionIT {
    @Test
    void a_sam_template_is_expanded_provisioned_driven_and_torn_down() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("sam-orders")
                    .templateResource("stacks/sam-orders.yaml")
                    .build());

            assertThat(stack.resourceTypes())
                    .containsEntry("Orders", "AWS::DynamoDB::Table")
                    .containsEntry("IncomingOrders", "AWS::SQS::Queue")
                    .containsEntry("RecordOrderFunction", "AWS::Lambda::Function")
                    .containsEntry("RecordOrderFunctionRole", "AWS::IAM::Role")
                    .containsEntry("RecordOrderFunctionNewOrder", "AWS::Lambda::EventSourceMapping");
            assertThat(stack.output("FunctionArn")).startsWith("arn:aws:lambda:us-east-1:");
            assertThat(stack.output("FunctionRoleArn")).startsWith("arn:aws:iam::");

            run.session().client(SqsClient.class).sendMessage(r -> r.queueUrl(stack.output("QueueUrl"))
                    .messageBody("order-7"));
            Map<String, AttributeValue> item = Eventually.await("order-7 recorded by the SAM function")
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> run.session()
                                    .client(DynamoDbClient.class)
                                    .getItem(r -> r.tableName(stack.output("TableName"))
                                            .key(Map.of("id", AttributeValue.fromS("order-7#1"))))
                                    .item(),
                            i -> i != null && !i.isEmpty());
            assertThat(item.get("source").s()).startsWith("arn:aws:sqs:");

            run.teardown(stack);
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
    void a_macro_beside_sam_is_refused_before_anything_is_created() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("macro")
                            .templateBody(
                                    """
                                    Transform: [AWS::Serverless-2016-10-31, Company::Naming]
                                    Resources:
                                      Work: {Type: AWS::SQS::Queue}
                                    """)
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("declares the transform Company::Naming")
                    .hasMessageContaining("Nothing was created");
            assertThat(run.report().stacks()).isEmpty();
        }
    }

    @Test
    void a_nested_serverless_application_is_refused_naming_it() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("nested")
                            .templateBody(
                                    """
                                    Transform: AWS::Serverless-2016-10-31
                                    Resources:
                                      Auth:
                                        Type: AWS::Serverless::Application
                                        Properties:
                                          Location:
                                            ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/auth
                                            SemanticVersion: 1.0.0
                                    """)
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Auth (AWS::Serverless::Application)");
            assertThat(run.report().stacks()).isEmpty();
        }
    }
}
