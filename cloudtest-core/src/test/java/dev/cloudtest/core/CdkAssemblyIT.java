package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.safety.FaultProxy;
import dev.cloudtest.core.safety.Moto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A CDK app's cloud assembly as input. The fixture {@code cdk/pricing-app} is what {@code cdk synth} (aws-cdk-lib
 * 2.263.0, DefaultStackSynthesizer) wrote for a small Java app of this project's, two stacks: PricingStack (a queue, a
 * Java function from {@code Code.fromAsset(dir)}, an SQS event source, two outputs) and an empty OtherStack; trimmed of
 * the feature-flag report and the construct tree. The asset directory is filled from this module's test classes, as
 * {@code cdk synth} copies the directory the app names.
 */
class CdkAssemblyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSET = "asset.1e6bc4f86168d31bf5d442de7f0740b2ff2bfcbffe2b80089fdcc4a7f3797e17";

    @TempDir
    Path dir;

    private Path assembly() throws IOException {
        Path fixture = Path.of("src/test/resources/cdk/pricing-app");
        Path out = dir.resolve("cdk.out");
        Files.createDirectories(out);
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path file : files.toList()) {
                Files.copy(file, out.resolve(file.getFileName().toString()));
            }
        }
        Path classes = Path.of("target/test-classes");
        Path functions = classes.resolve("dev/cloudtest/core/testfunctions");
        try (Stream<Path> walk = Files.walk(functions)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target =
                        out.resolve(ASSET).resolve(classes.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        return out;
    }

    @Test
    void a_stack_of_a_cdk_app_provisions_without_bootstrap_and_its_java_function_runs_locally() throws Exception {
        StackSpec spec = StackSpec.builder()
                .template(assembly())
                .cdkStack("PricingStack")
                .build();
        assertThat(spec.id()).isEqualTo("pricing-stack");

        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(spec);

            // The BootstrapVersion parameter (an SSM parameter only cdk bootstrap creates) and its rule are gone,
            // the function's asset is packaged by cloudtest: moto created every resource.
            assertThat(stack.resourceTypes())
                    .containsValues("AWS::SQS::Queue", "AWS::Lambda::Function", "AWS::Lambda::EventSourceMapping");
            String function = stack.resourceTypes().entrySet().stream()
                    .filter(e -> e.getValue().equals("AWS::Lambda::Function"))
                    .map(java.util.Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow();
            assertThat(stack.output("FunctionName")).isEqualTo(stack.physicalId(function));
            String receipt = run.localFunction(stack, function)
                    .invoke("{\"orderId\": \"o-1\", \"quantity\": 3, \"unitPriceCents\": 250}");
            assertThat(receipt).contains("\"totalCents\":750");
            run.session().client(SqsClient.class).getQueueAttributes(r -> r.queueUrl(stack.output("QueueUrl"))
                    .attributeNamesWithStrings("All"));

            assertThat(run.teardown(stack).isClean()).isTrue();
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
    void a_cdk_template_over_51200_bytes_goes_through_s3_with_its_asset_packaged() throws Exception {
        Path out = assembly();
        Path template = out.resolve("PricingStack.template.json");
        ObjectNode parsed = (ObjectNode) JSON.readTree(template.toFile());
        ObjectNode resources = (ObjectNode) parsed.get("Resources");
        // A stack of many constructs, as a CDK app's grows: 70 queues, each with the construct path and a policy-sized
        // description the CDK writes into the metadata.
        for (int i = 0; i < 70; i++) {
            ObjectNode queue = resources.putObject("Buffer" + i + "A1B2C3D4");
            queue.put("Type", "AWS::SQS::Queue");
            queue.putObject("Properties").put("VisibilityTimeout", 30);
            queue.putObject("Metadata")
                    .put("aws:cdk:path", "PricingStack/Buffer" + i + "/Resource")
                    .put("description", "x".repeat(700));
        }
        JSON.writeValue(template.toFile(), parsed);
        assertThat(Files.size(template)).isGreaterThan(51_200);

        try (Moto moto = Moto.start();
                FaultProxy proxy = FaultProxy.inFrontOf(moto.endpoint());
                CloudTestRun run = CloudTestRun.start(Moto.at(proxy.endpoint())
                        .set(CloudTestConfig.LINT, "off")
                        .build())) {
            Stack stack = run.provision(
                    StackSpec.builder().template(out).cdkStack("PricingStack").build());

            assertThat(proxy.queryBodies("CreateStack")).singleElement().satisfies(create -> assertThat(create)
                    .contains("TemplateURL=https%3A%2F%2Fcloudtest-artifacts-")
                    .doesNotContain("TemplateBody=")
                    .doesNotContain("BootstrapVersion"));
            assertThat(stack.resourceTypes()).containsEntry("Buffer69A1B2C3D4", "AWS::SQS::Queue");
            String function = stack.resourceTypes().entrySet().stream()
                    .filter(e -> e.getValue().equals("AWS::Lambda::Function"))
                    .map(java.util.Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow();
            assertThat(run.localFunction(stack, function)
                            .invoke("{\"orderId\": \"o-2\", \"quantity\": 2, \"unitPriceCents\": 100}"))
                    .contains("\"totalCents\":200");
            assertThat(run.teardown(stack).isClean()).isTrue();
        }
    }

    @Test
    void an_app_with_several_stacks_needs_the_stack_named_and_an_unknown_name_lists_them() throws Exception {
        Path out = assembly();

        assertThatThrownBy(() -> StackSpec.builder().template(out).build().readTemplate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("has 2 stacks [PricingStack, OtherStack]")
                .hasMessageContaining("cdkStack = \"PricingStack\"");
        assertThatThrownBy(() -> StackSpec.builder()
                        .template(out)
                        .cdkStack("Orders")
                        .build()
                        .readTemplate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("has no stack 'Orders'. Its stacks: [PricingStack, OtherStack]");
    }

    @Test
    void docker_image_assets_are_refused_before_anything_is_created() throws Exception {
        Path out = assembly();
        Path assets = out.resolve("PricingStack.assets.json");
        Files.writeString(
                assets,
                Files.readString(assets)
                        .replace(
                                "\"dockerImages\": {}",
                                "\"dockerImages\": {\"abc\": {\"displayName\": \"Api/AssetImage\", \"source\": "
                                        + "{\"directory\": \"asset.abc\"}, \"destinations\": {}}}"));
        assertThat(Files.readString(assets)).contains("Api/AssetImage");
        List<String> stacksBefore = stackNames();

        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .template(out)
                            .cdkStack("PricingStack")
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Docker image assets [Api/AssetImage]")
                    .hasMessageContaining("Nothing was created");
        }
        assertThat(stackNames()).isEqualTo(stacksBefore);
    }

    @Test
    void context_the_app_could_not_look_up_is_refused_before_anything_is_created() throws Exception {
        Path out = assembly();
        Path manifest = out.resolve("manifest.json");
        // What app.synth() writes without the CDK CLI for Vpc.fromLookup: the lookup it needs, dummy values in use.
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replaceFirst(
                                "\\{",
                                "{\"missing\": [{\"key\": \"vpc-provider:account=111122223333:filter.vpc-id="
                                        + "vpc-0abc:region=eu-west-1:returnAsymmetricSubnets=true\", \"provider\": "
                                        + "\"vpc-provider\", \"props\": {}}],"));
        List<String> stacksBefore = stackNames();

        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .template(out)
                            .cdkStack("PricingStack")
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("looked up context it could not get [vpc-provider:account=111122223333")
                    .hasMessageContaining("fromLookup needs credentials")
                    .hasMessageContaining("commit that file")
                    .hasMessageContaining("Nothing was created");
        }
        assertThat(stackNames()).isEqualTo(stacksBefore);
    }

    @Test
    void cdk_stack_on_a_plain_template_is_a_usage_error() {
        assertThatThrownBy(() -> StackSpec.builder()
                        .template(Path.of("src/test/resources/stacks/queue-only.yaml"))
                        .cdkStack("PricingStack")
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs a CDK cloud assembly");
    }

    private static List<String> stackNames() {
        try (CloudTestRun direct = CloudTestRun.start(TestTargets.moto().build())) {
            return direct.session().client(CloudFormationClient.class).describeStacks().stacks().stream()
                    .map(s -> s.stackName() + " " + s.stackStatus())
                    .sorted()
                    .toList();
        }
    }
}
