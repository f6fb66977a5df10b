package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.exception.TargetUnavailableException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Bad input gets a clear error, and nothing is created or left behind on the target. */
class BadInputIT {
    private static CloudTestRun run;

    @BeforeAll
    static void start() {
        run = CloudTestRun.start(TestTargets.moto().build());
    }

    @AfterAll
    static void stop() {
        run.close();
    }

    @Test
    void missing_template_file_names_the_path() {
        StackSpec spec =
                StackSpec.builder().template(Path.of("no/such/orders.yaml")).build();

        assertThatThrownBy(() -> run.provision(spec))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Template file not found")
                .hasMessageContaining(
                        Path.of("no/such/orders.yaml").toAbsolutePath().toString());
        assertNothingOfThisRun();
    }

    @Test
    void local_function_settings_that_aws_refuses_are_refused_before_anything_is_created() {
        StackSpec spec = StackSpec.builder()
                .templateBody(
                        """
                        Resources:
                          Queue: {Type: AWS::SQS::Queue}
                          Fn:
                            Type: AWS::Lambda::Function
                            Properties:
                              Runtime: java17
                              Handler: 'a.B::handle'
                              Code: {S3Bucket: artifacts, S3Key: fn.zip}
                              Role: arn:aws:iam::123456789012:role/fn
                          Mapping:
                            Type: AWS::Lambda::EventSourceMapping
                            Properties: {EventSourceArn: !GetAtt Queue.Arn, FunctionName: !Ref Fn, BatchSize: 50}
                        """)
                .build();

        assertThatThrownBy(() -> run.provision(spec))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("event source mapping Mapping has BatchSize 50 without a batching window");
        assertNothingOfThisRun();
    }

    @Test
    void yaml_syntax_error_names_line_and_column() {
        StackSpec spec = StackSpec.builder()
                .templateResource("stacks/broken-syntax.yaml")
                .build();

        assertThatThrownBy(() -> run.provision(spec))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("classpath:stacks/broken-syntax.yaml is not valid YAML at line 6");
        assertNothingOfThisRun();
    }

    @Test
    void json_syntax_error_names_line_and_column() {
        StackSpec spec = StackSpec.builder()
                .templateBody("{\n  \"Resources\": {\n    \"Queue\": {\"Type\": \"AWS::SQS::Queue\",}\n  }\n}")
                .build();

        assertThatThrownBy(() -> run.provision(spec))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not valid JSON at line 3, column");
        assertNothingOfThisRun();
    }

    @Test
    void undeclared_parameter_lists_the_declared_ones() {
        StackSpec spec = StackSpec.builder()
                .templateResource("stacks/required-parameter.yaml")
                .parameter("ApiSecret", "x")
                .parameter("Stgae", "prod")
                .build();

        assertThatThrownBy(() -> run.provision(spec))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Parameter 'Stgae' is not declared")
                .hasMessageContaining("Declared parameters: Stage, ApiSecret");
        assertNothingOfThisRun();
    }

    @Test
    void missing_required_parameter_is_named_without_its_value_anywhere() {
        StackSpec spec = StackSpec.builder()
                .templateResource("stacks/required-parameter.yaml")
                .build();

        assertThatThrownBy(() -> run.provision(spec))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("requires parameter(s) ApiSecret");
        assertNothingOfThisRun();
    }

    @Test
    void unsupported_resource_type_fails_naming_the_type_and_leaves_nothing() {
        StackSpec spec = StackSpec.builder()
                .templateResource("stacks/unsupported-type.yaml")
                .build();
        List<String> queuesBefore = queues();

        assertThatThrownBy(() -> run.provision(spec)).isInstanceOfSatisfying(ProvisioningFailedException.class, e -> {
            assertThat(e.failedResource()).contains("Pipe");
            assertThat(e.diagnosis())
                    .contains("Pipe (AWS::Pipes::Pipe)")
                    .contains("does not support resource type(s) [AWS::Pipes::Pipe]");
        });
        assertNothingOfThisRun();
        assertThat(queues()).isEqualTo(queuesBefore);
    }

    @Test
    void invalid_property_answered_with_http_500_is_reported_as_a_rejection_and_cleaned_up() {
        StackSpec spec = StackSpec.builder()
                .templateResource("stacks/invalid-property.yaml")
                .build();
        List<String> queuesBefore = queues();
        CloudTestConfig unchecked = TestTargets.moto()
                .set(CloudTestConfig.RUN_ID, run.config().runId())
                .set(CloudTestConfig.LINT, "off")
                .build();

        // The fidelity check refuses this template first (FidelityCheckIT); with it off, moto answers HTTP 500.
        assertThatThrownBy(() -> {
                    try (CloudTestRun withoutCheck = CloudTestRun.start(unchecked)) {
                        withoutCheck.provision(spec);
                    }
                })
                .isInstanceOfSatisfying(ProvisioningFailedException.class, e -> assertThat(e.diagnosis())
                        .contains("HTTP 500")
                        .contains("check the properties of the template's resources (GoodQueue, BadQueue)"));
        assertNothingOfThisRun();
        assertThat(queues())
                .as("the queue moto created before failing is removed")
                .isEqualTo(queuesBefore);
    }

    @Test
    void reserved_tag_prefix_is_refused_before_anything_is_built() {
        assertThatThrownBy(() -> StackSpec.builder()
                        .templateResource("stacks/queue-only.yaml")
                        .tag("cloudtest:run-id", "someone-else")
                        .build())
                .isInstanceOfSatisfying(GuardViolationException.class, e -> assertThat(e.guard())
                        .isEqualTo("tags"))
                .hasMessageContaining("reserved prefix 'cloudtest:'");
    }

    @Test
    void missing_emulator_says_how_to_install_one() {
        CloudTestConfig config = TestTargets.moto()
                .set(CloudTestConfig.ENDPOINT, "")
                .set(CloudTestConfig.TARGET, "emulator")
                .set(CloudTestConfig.EMULATOR_COMMAND, "/nonexistent/moto_server")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("does not exist or is not executable")
                .hasMessageContaining("Unset cloudtest.emulator.command to let cloudtest install its own moto");
    }

    @Test
    void unreachable_endpoint_names_the_endpoint_and_the_property() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CloudTestConfig config = TestTargets.moto()
                .set(CloudTestConfig.ENDPOINT, "http://127.0.0.1:" + closedPort)
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("http://127.0.0.1:" + closedPort + " does not answer")
                .hasMessageContaining("cloudtest.endpoint");
    }

    private static List<String> queues() {
        return run.session().client(SqsClient.class).listQueues().queueUrls();
    }

    /** No stack of this run exists in any state but DELETE_COMPLETE. */
    private static void assertNothingOfThisRun() {
        List<StackSummary> stacks =
                run.session().client(CloudFormationClient.class).listStacksPaginator().stackSummaries().stream()
                        .filter(s -> s.stackName().contains(run.runId()))
                        .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE)
                        .toList();
        assertThat(stacks).isEmpty();
    }
}
