package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.naming.StackNames;
import dev.cloudtest.core.report.CheckReport;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** The preflight check reports everything a run would refuse, and makes no mutating call doing so. */
class CheckIT extends ProxiedMotoTest {
    private static final String QUEUE_TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
    private static final String NAMED_BUCKET =
            "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: fixed-name\n";
    private static final String ROLE = "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n"
            + "      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}\n";

    @Test
    void passing_check_reports_target_stack_names_and_capabilities_without_mutating() {
        CloudTestConfig config = Moto.at(proxy.endpoint()).build();

        CheckReport report = CloudTestRun.check(
                config,
                List.of(
                        StackSpec.builder()
                                .id("orders")
                                .templateBody(QUEUE_TEMPLATE)
                                .build(),
                        StackSpec.builder().id("roles").templateBody(ROLE).build()));

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.target()).isEqualTo("endpoint");
        assertThat(report.account()).isEqualTo("123456789012");
        assertThat(report.region()).isEqualTo("us-east-1");
        assertThat(report.stacks())
                .extracting(CheckReport.PlannedStack::stackName)
                .containsExactly(
                        "ct-orders-" + config.runId() + "-" + config.sessionId(),
                        "ct-roles-" + config.runId() + "-" + config.sessionId());
        assertThat(report.stacks().get(1).capabilities()).contains("CAPABILITY_IAM");
        assertThat(report.summary()).contains("cloudtest check passed").contains("ct-orders-" + config.runId());
        assertThat(proxy.operations()).contains("GetCallerIdentity", "DescribeStacks");
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    @Test
    void failing_check_collects_every_violation_instead_of_stopping_at_the_first() {
        proxy.accountAlias("payments-prod");
        CloudTestConfig config = Moto.at(proxy.endpoint())
                .set(CloudTestConfig.GUARD_BLOCKED_ACCOUNTS, "123456789012")
                .set(CloudTestConfig.GUARD_ALLOWED_REGIONS, "eu-west-1")
                .set(CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS, ".*-prod")
                .set(CloudTestConfig.GUARD_MARKER_PARAMETER, "/cloudtest/sandbox-check-absent")
                .build();

        CheckReport report = CloudTestRun.check(
                config, List.of(StackSpec.builder().templateBody(QUEUE_TEMPLATE).build()));

        assertThat(report.passed()).isFalse();
        assertThat(report.violations())
                .extracting(CheckReport.Violation::check)
                .containsExactly("account", "region", "account-alias", "marker");
        assertThat(report.violations())
                .extracting(CheckReport.Violation::message)
                .allSatisfy(m -> assertThat(m).contains("cloudtest.guard."));
        assertThat(report.summary()).contains("FAILED with 4 violation(s)");
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    @Test
    void check_reports_template_names_and_ownership_problems_per_stack() {
        CloudTestConfig config = Moto.at(proxy.endpoint())
                .set(CloudTestConfig.GUARD_STRICT_NAMES, "true")
                .build();
        String taken = StackNames.first("ct", "taken", config.runId(), config.sessionId());
        String takenId = direct.session()
                .client(CloudFormationClient.class)
                .createStack(r -> r.stackName(taken).templateBody(QUEUE_TEMPLATE))
                .stackId();

        CheckReport report = CloudTestRun.check(
                config,
                List.of(
                        StackSpec.builder()
                                .id("taken")
                                .templateBody(QUEUE_TEMPLATE)
                                .build(),
                        StackSpec.builder()
                                .id("named")
                                .templateBody(NAMED_BUCKET)
                                .build(),
                        StackSpec.builder()
                                .id("broken")
                                .templateBody("Resources: [")
                                .build(),
                        StackSpec.builder()
                                .id("params")
                                .templateBody(QUEUE_TEMPLATE)
                                .parameter("Stgae", "x")
                                .build()));

        assertThat(report.violations())
                .extracting(CheckReport.Violation::check, CheckReport.Violation::offendingValue)
                .containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple("ownership", taken),
                        org.assertj.core.api.Assertions.tuple("names", "Data"),
                        org.assertj.core.api.Assertions.tuple("template", "<inline template>"),
                        org.assertj.core.api.Assertions.tuple("template", "<inline template>"));
        assertThat(report.violations())
                .extracting(CheckReport.Violation::message)
                .anySatisfy(m -> assertThat(m).contains("carries no cloudtest tags"))
                .anySatisfy(m -> assertThat(m).contains("cloudtest.guard.strict-names=false"))
                .anySatisfy(m -> assertThat(m).contains("is not valid YAML"))
                .anySatisfy(m -> assertThat(m).contains("Parameter 'Stgae' is not declared"));
        assertThat(proxy.mutatingCalls()).isEmpty();
        direct.session().client(CloudFormationClient.class).deleteStack(r -> r.stackName(takenId));
    }

    @Test
    void local_function_settings_a_run_would_refuse_are_violations() {
        String mapping = "Resources:\n  Queue: {Type: AWS::SQS::Queue}\n  Fn:\n    Type: AWS::Lambda::Function\n"
                + "    Properties: {Runtime: java17, Handler: 'a.B::handle', Code: {S3Bucket: artifacts, S3Key: fn.zip},\n"
                + "      Role: 'arn:aws:iam::123456789012:role/fn'}\n  Mapping:\n"
                + "    Type: AWS::Lambda::EventSourceMapping\n"
                + "    Properties: {EventSourceArn: !GetAtt Queue.Arn, FunctionName: !Ref Fn, BatchSize: 50}\n";

        CheckReport report = CloudTestRun.check(
                Moto.at(proxy.endpoint()).build(),
                List.of(StackSpec.builder().templateBody(mapping).build()));

        assertThat(report.violations()).singleElement().satisfies(v -> assertThat(v.message())
                .contains("Mapping has BatchSize 50 without a batching window"));
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    @Test
    void hard_coded_names_are_warnings_unless_strict() {
        CheckReport report = CloudTestRun.check(
                Moto.at(proxy.endpoint()).build(),
                List.of(StackSpec.builder().templateBody(NAMED_BUCKET).build()));

        assertThat(report.passed()).isTrue();
        assertThat(report.warnings()).singleElement().satisfies(w -> assertThat(w)
                .contains("Data (AWS::S3::Bucket) BucketName=\"fixed-name\""));
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    @Test
    void unidentifiable_account_is_a_violation_not_an_exception() {
        proxy.stubQueryAction(
                "GetCallerIdentity",
                403,
                "<ErrorResponse><Error><Code>AccessDenied</Code>" + "<Message>no</Message></Error></ErrorResponse>");

        CheckReport report = CloudTestRun.check(
                Moto.at(proxy.endpoint()).build(),
                List.of(StackSpec.builder().templateBody(QUEUE_TEMPLATE).build()));

        assertThat(report.account()).isEqualTo("(unknown)");
        assertThat(report.violations()).singleElement().satisfies(v -> assertThat(v.message())
                .contains("STS GetCallerIdentity failed with HTTP 403"));
        assertThat(proxy.operations()).containsOnly("GetCallerIdentity");
    }
}
