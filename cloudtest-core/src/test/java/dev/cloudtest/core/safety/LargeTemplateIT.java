package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.report.TeardownReport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * CreateStack takes at most 51,200 bytes inline: a larger template (a SAM template once expanded often is) goes to the
 * artifact bucket and CreateStack gets its TemplateURL; one over CloudFormation's 1 MB is refused before any request
 * that could change anything.
 */
class LargeTemplateIT {

    /** {@code queues} queues, each with a few hundred bytes of metadata, and the first queue's URL as an output. */
    private static String template(int queues, int metadataChars) {
        StringBuilder yaml = new StringBuilder("Resources:\n");
        String note = "x".repeat(metadataChars);
        for (int i = 0; i < queues; i++) {
            yaml.append("  Queue")
                    .append(i)
                    .append(":\n    Type: AWS::SQS::Queue\n")
                    .append("    Metadata:\n      Note: ")
                    .append(note)
                    .append('\n');
        }
        return yaml.append("Outputs:\n  FirstQueueUrl:\n    Value: !Ref Queue0\n")
                .toString();
    }

    @Test
    void a_template_over_51200_bytes_goes_through_s3_and_provisions() {
        try (Moto moto = Moto.start();
                FaultProxy proxy = FaultProxy.inFrontOf(moto.endpoint());
                CloudTestRun run = CloudTestRun.start(Moto.at(proxy.endpoint())
                        .set(CloudTestConfig.LINT, "off")
                        .build())) {
            String body = template(80, 700);
            assertThat(body.length()).isGreaterThan(51_200);

            Stack stack = run.provision(
                    StackSpec.builder().id("large").templateBody(body).build());

            assertThat(proxy.queryBodies("CreateStack")).singleElement().satisfies(create -> assertThat(create)
                    .contains("TemplateURL=https%3A%2F%2Fcloudtest-artifacts-")
                    .doesNotContain("TemplateBody="));
            assertThat(run.session().client(SqsClient.class).getQueueAttributes(r -> r.queueUrl(
                                    stack.output("FirstQueueUrl"))
                            .attributeNamesWithStrings("QueueArn")))
                    .isNotNull();
            assertThat(stack.physicalIds()).hasSize(80);
            TeardownReport teardown = run.teardown(stack);
            assertThat(teardown.isClean()).as(teardown.toString()).isTrue();
        }
    }

    @Test
    void a_template_over_one_megabyte_is_refused_before_any_mutating_request() {
        try (Moto moto = Moto.start();
                FaultProxy proxy = FaultProxy.inFrontOf(moto.endpoint());
                CloudTestRun run = CloudTestRun.start(Moto.at(proxy.endpoint())
                        .set(CloudTestConfig.LINT, "off")
                        .build())) {
            String body = template(300, 4_000);

            assertThatThrownBy(() -> run.provision(
                            StackSpec.builder().id("huge").templateBody(body).build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("at most 1048576 bytes (1 MB, through S3)");
            assertThat(proxy.mutatingCalls()).isEmpty();
        }
    }
}
