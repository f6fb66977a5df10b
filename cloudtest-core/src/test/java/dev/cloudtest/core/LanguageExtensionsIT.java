package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.report.TeardownReport;
import dev.cloudtest.core.safety.FaultProxy;
import dev.cloudtest.core.safety.Moto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code AWS::LanguageExtensions} beside SAM on the emulator, applied with SAM CLI's processor before the SAM
 * translator, in the order the template lists them: a {@code Fn::ForEach} over a list parameter makes a queue and a
 * function per channel, {@code Fn::Length} and {@code Fn::ToJsonString} are resolved, a {@code DeletionPolicy} from a
 * parameter is applied, and outputs come from a loop too. What the transform cannot resolve before the stack exists is
 * refused with no mutating request.
 */
class LanguageExtensionsIT {
    private static final String TEMPLATE = "stacks/sam-language-extensions.yaml";

    @Test
    void a_loop_over_a_list_parameter_makes_a_queue_and_a_local_function_per_item() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("inboxes")
                    .templateResource(TEMPLATE)
                    .parameter("Channels", "web,store,phone")
                    .build());

            Map<String, String> types = stack.resourceTypes();
            for (String channel : List.of("web", "store", "phone")) {
                assertThat(types)
                        .containsEntry(channel + "Inbox", "AWS::SQS::Queue")
                        .containsEntry(channel + "Recorder", "AWS::Lambda::Function")
                        .containsEntry(channel + "RecorderInbox", "AWS::Lambda::EventSourceMapping");
            }
            SqsClient sqs = run.session().client(SqsClient.class);
            String webInbox = stack.physicalId("webInbox");
            assertThat(stack.output("webInboxArn")).endsWith(":" + webInbox.replaceAll(".*/", ""));
            assertThat(run.session()
                            .client(LambdaClient.class)
                            .getFunctionConfiguration(r -> r.functionName(stack.physicalId("storeRecorder")))
                            .environment()
                            .variables())
                    .containsEntry("CHANNEL", "store")
                    .containsEntry("CHANNEL_COUNT", "3")
                    .containsEntry("ROUTING", "{\"channels\":[\"web\",\"store\",\"phone\"],\"region\":\"us-east-1\"}");

            assertThat(stack.output("phoneInboxUrl"))
                    .as("GetAtt QueueUrl, which moto lacks: its Ref")
                    .isEqualTo(stack.physicalId("phoneInbox"));
            sqs.sendMessage(r -> r.queueUrl(stack.output("phoneInboxUrl")).messageBody("order-7"));
            Map<String, AttributeValue> recorded =
                    run.probes().awaitItem(stack.output("TableName"), Map.of("id", AttributeValue.fromS("order-7#1")));
            assertThat(recorded.get("source").s())
                    .endsWith(":" + stack.physicalId("phoneInbox").replaceAll(".*/", ""));

            TeardownReport teardown = run.teardown(stack);
            assertThat(teardown.isClean()).as(teardown.toString()).isTrue();
            assertThat(sqs.listQueues().queueUrls()).doesNotContain(webInbox);
        }
    }

    @Test
    void a_transform_function_that_needs_the_created_stack_is_refused_with_no_mutating_request() {
        try (Moto moto = Moto.start();
                FaultProxy proxy = FaultProxy.inFrontOf(moto.endpoint());
                CloudTestRun run = CloudTestRun.start(Moto.at(proxy.endpoint()).build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("unresolvable")
                            .templateBody(
                                    """
                                    Transform: AWS::LanguageExtensions
                                    Resources:
                                      Inbox: {Type: AWS::SQS::Queue}
                                      Routing:
                                        Type: AWS::SSM::Parameter
                                        Properties:
                                          Type: String
                                          Value: !ToJsonString {inbox: !GetAtt Inbox.Arn}
                                    """)
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("AWS::LanguageExtensions")
                    .hasMessageContaining("Fn::ToJsonString at Resources/Routing/Properties/Value")
                    .hasMessageContaining("nothing was created");
            assertThat(proxy.mutatingCalls()).isEmpty();
        }
    }
}
