package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.report.TeardownReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * SAM definitions in files beside the template, the usual layout ({@code sam-definitions/}): a state machine's
 * {@code DefinitionUri} (YAML, with a {@code DefinitionSubstitution} naming a function) and a REST API's (OpenAPI). On AWS, CloudFormation reads them from S3 where packaging put them; on the emulator, where
 * moto reads neither location, they are inlined from the file, so the state machine's task reaches the local function
 * and the REST API has the file's paths.
 */
class SamDefinitionFilesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TEMPLATE = Path.of("src/test/resources/sam-definitions/template.yaml");

    @Test
    void definitions_in_files_are_read_from_the_files_and_served() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.ownEmulator().build())) {
            Stack stack = run.provision(
                    StackSpec.builder().id("sam-files").template(TEMPLATE).build());

            Map<String, String> types = stack.resourceTypes();
            assertThat(types)
                    .containsEntry("PricingWorkflow", "AWS::StepFunctions::StateMachine")
                    .containsEntry("StatusApi", "AWS::ApiGateway::RestApi");

            SfnClient sfn = run.session().client(SfnClient.class);
            String definition = sfn.describeStateMachine(r -> r.stateMachineArn(stack.output("PricingWorkflowArn")))
                    .definition();
            assertThat(definition)
                    .as("the file's definition, its substitution resolved")
                    .contains("\"Priced\"")
                    .contains(stack.physicalId("PricingFunction"))
                    .doesNotContain("${PricingFunctionArn}");
            DescribeExecutionResponse execution = StepFunctionsIT.execute(
                    sfn,
                    stack.output("PricingWorkflowArn"),
                    "{\"orderId\": \"o-1\", \"quantity\": 4, \"unitPriceCents\": 25}");
            assertThat(execution.status()).as(execution.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode output = JSON.readTree(execution.output());
            assertThat(output.path("status").asText()).isEqualTo("PRICED");
            assertThat(output.path("totalCents").asLong()).isEqualTo(100);

            ApiGatewayClient apis = run.session().client(ApiGatewayClient.class);
            assertThat(apis.getResources(r -> r.restApiId(stack.output("StatusApiId")))
                            .items())
                    .extracting(Resource::path)
                    .contains("/health");

            TeardownReport teardown = run.teardown(stack);
            assertThat(teardown.isClean()).as(teardown.toString()).isTrue();
            assertThat(apis.getRestApis().items()).noneMatch(api -> api.id().equals(stack.output("StatusApiId")));
        }
    }

    @Test
    void a_definition_file_that_does_not_parse_is_refused_naming_it_before_anything_is_created(@TempDir Path dir)
            throws Exception {
        Path app = dir.resolve("app");
        copy(TEMPLATE.getParent(), app);
        Files.writeString(
                app.resolve("template.yaml"),
                Files.readString(app.resolve("template.yaml"))
                        .replace(
                                "../../../../target/test-classes",
                                Path.of("target/test-classes").toAbsolutePath().toString()));
        Files.writeString(app.resolve("api/openapi.yaml"), "openapi: 3.0.1\npaths: [unclosed\n");

        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("sam-bad-file")
                            .template(app.resolve("template.yaml"))
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("openapi.yaml (StatusApi's DefinitionUri, inlined as its Body)")
                    .hasMessageContaining("is not valid YAML at line 3");
            assertThat(run.session()
                            .client(software.amazon.awssdk.services.cloudformation.CloudFormationClient.class)
                            .describeStacks()
                            .stacks())
                    .noneMatch(s -> s.stackName().contains(run.runId()));
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
