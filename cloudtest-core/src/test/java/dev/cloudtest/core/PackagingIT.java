package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.packaging.ArtifactPackager;
import dev.cloudtest.core.internal.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Local artifacts are uploaded once under a content hash, skipped when unchanged, and the rewritten template provisions. */
class PackagingIT {
    private static final Path TEMPLATE = Path.of("src/test/resources/packaging/function.yaml");
    private static CloudTestRun host;

    @BeforeAll
    static void startEmulator() {
        host = CloudTestRun.start(TestTargets.moto().build());
    }

    @AfterAll
    static void stopEmulator() {
        host.close();
    }

    private static CloudTestRun run() {
        return CloudTestRun.start(TestTargets.moto()
                .set(
                        CloudTestConfig.ENDPOINT,
                        host.session().endpoint().orElseThrow().toString())
                .build());
    }

    private static List<S3Object> artifacts() {
        String bucket = new ArtifactPackager(host.session(), "x").bucket();
        return host.session()
                .client(S3Client.class)
                .listObjectsV2(r -> r.bucket(bucket))
                .contents();
    }

    @Test
    void a_local_code_directory_is_uploaded_once_and_the_rewritten_template_provisions() throws Exception {
        // Code no earlier run uploaded (the artifact bucket is the account's and region's, shared with other tests).
        Path dir = Files.createTempDirectory(Path.of("target"), "packaging");
        Path template = Files.copy(TEMPLATE, dir.resolve("function.yaml"));
        Files.createDirectories(dir.resolve("function-code"));
        Files.copy(TEMPLATE.resolveSibling("function-code/index.js"), dir.resolve("function-code/index.js"));
        Files.writeString(
                dir.resolve("function-code/run.txt"),
                java.util.UUID.randomUUID().toString());
        StackSpec spec = StackSpec.builder().template(template).build();
        List<String> before = artifacts().stream().map(S3Object::key).toList();
        Stack stack;
        try (CloudTestRun run = run()) {
            stack = run.provision(spec);

            assertThat(run.session()
                            .client(LambdaClient.class)
                            .getFunction(r -> r.functionName(stack.output("FunctionName")))
                            .configuration()
                            .functionName())
                    .isEqualTo(stack.output("FunctionName"));
        }
        List<S3Object> afterFirst =
                artifacts().stream().filter(o -> !before.contains(o.key())).toList();
        assertThat(afterFirst).hasSize(1);
        assertThat(afterFirst.get(0).key()).matches("cloudtest/[0-9a-f]{64}\\.zip");

        Template parsed = Template.parse(Files.readString(template), template.toString());
        ArtifactPackager.Result again = new ArtifactPackager(host.session(), "x")
                .apply(parsed, template.toAbsolutePath().getParent());

        assertThat(again.uploaded()).as("no second PUT for unchanged content").isZero();
        assertThat(again.reused()).isEqualTo(1);
        assertThat(again.template().toJson())
                .contains("\"S3Key\":\"" + afterFirst.get(0).key() + "\"");
        assertThat(artifacts().stream()
                        .filter(o -> o.key().equals(afterFirst.get(0).key()))
                        .toList())
                .extracting(S3Object::lastModified)
                .containsExactly(afterFirst.get(0).lastModified());
        assertThat(host.session()
                        .client(CloudFormationClient.class)
                        .describeStacks(r -> r.stackName(stack.stackId()))
                        .stacks()
                        .get(0)
                        .stackStatus())
                .isEqualTo(StackStatus.DELETE_COMPLETE);
    }

    @Test
    void a_changed_artifact_changes_the_fingerprint() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "packaging");
        Files.copy(TEMPLATE, dir.resolve("function.yaml"));
        Files.createDirectories(dir.resolve("function-code"));
        Files.writeString(dir.resolve("function-code/index.js"), "exports.handler = async () => 1;");
        StackSpec spec =
                StackSpec.builder().template(dir.resolve("function.yaml")).build();
        String before = spec.fingerprint();

        Files.writeString(dir.resolve("function-code/index.js"), "exports.handler = async () => 2;");

        assertThat(spec.fingerprint()).isNotEqualTo(before);
    }

    @Test
    void a_missing_local_artifact_names_the_resource_and_the_path_and_creates_nothing() {
        StackSpec spec = StackSpec.builder()
                .template(Path.of("src/test/resources/packaging/missing-code.yaml"))
                .build();
        Instant before = Instant.now();
        try (CloudTestRun run = run()) {
            assertThatThrownBy(() -> run.provision(spec))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Resource Function (AWS::Lambda::Function) Code refers to the local path "
                            + "missing-build/function.zip, which does not exist");
            assertThat(run.session().client(CloudFormationClient.class).listStacksPaginator().stackSummaries().stream()
                            .filter(s -> s.stackName().contains(run.runId())))
                    .isEmpty();
        }
        assertThat(before).isBefore(Instant.now());
    }
}
