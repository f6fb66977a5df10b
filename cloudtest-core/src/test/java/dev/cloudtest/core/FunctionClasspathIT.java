package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local function runs on what the template deploys — its jar or zip package and its local layers' {@code
 * java/lib} — not on the test classpath, unless asked; a package that lacks a class fails before any test, saying
 * what to do.
 */
class FunctionClasspathIT {
    private static final Path CLASSES = Path.of("target/test-classes");
    private static final String PACKAGE = "dev/cloudtest/core/testfunctions/";

    @TempDir
    Path dir;

    @Test
    void a_jar_package_sees_its_layer_and_not_the_test_classpath() throws Exception {
        jar(dir.resolve("function.jar"), List.of("PackageProbeHandler", "NeedsGreetingHandler"), "");
        layer(dir.resolve("greeting-layer.zip"));
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(spec("PackageProbeHandler", "function.jar", true));

            assertThat(run.localFunction(stack, "ProbeFunction").invoke("{}"))
                    .contains("\"greeting\":\"hello ada from the layer\"")
                    .contains("\"testClasspathVisible\":false");
            run.teardown(stack);
        }
    }

    @Test
    void with_test_classpath_always_the_test_classpath_joins_the_package() throws Exception {
        jar(dir.resolve("function.jar"), List.of("PackageProbeHandler"), "");
        layer(dir.resolve("greeting-layer.zip"));
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto()
                .set(CloudTestConfig.LOCAL_FUNCTIONS_TEST_CLASSPATH, "always")
                .build())) {
            Stack stack = run.provision(spec("PackageProbeHandler", "function.jar", true));

            assertThat(run.localFunction(stack, "ProbeFunction").invoke("{}"))
                    .contains("\"testClasspathVisible\":true");
            run.teardown(stack);
        }
    }

    @Test
    void a_lambda_zip_runs_on_its_root_and_its_lib_jars() throws Exception {
        Path greeting = jar(dir.resolve("greeting.jar"), List.of("LayerGreeting"), "");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dir.resolve("function.zip")))) {
            for (String name : List.of("PackageProbeHandler", "NeedsGreetingHandler")) {
                add(zip, PACKAGE + name + ".class", Files.readAllBytes(CLASSES.resolve(PACKAGE + name + ".class")));
            }
            add(zip, "lib/greeting.jar", Files.readAllBytes(greeting));
        }
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(spec("NeedsGreetingHandler", "function.zip", false));

            assertThat(run.localFunction(stack, "ProbeFunction").invoke("\"bob\""))
                    .isEqualTo("\"hello bob from the layer\"");
            run.teardown(stack);
        }
    }

    @Test
    void a_package_without_a_class_its_handler_needs_fails_provisioning_saying_what_to_do() throws Exception {
        jar(dir.resolve("function.jar"), List.of("NeedsGreetingHandler"), "");
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            assertThatThrownBy(() -> run.provision(spec("NeedsGreetingHandler", "function.jar", false)))
                    .hasMessageContaining("LayerGreeting")
                    .hasMessageContaining("the function's classpath is function.jar")
                    .hasMessageContaining("cloudtest.local-functions.test-classpath=always");
        }
    }

    private StackSpec spec(String handler, String code, boolean withLayer) throws IOException {
        String template =
                """
                AWSTemplateFormatVersion: '2010-09-09'
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Version: '2012-10-17'
                        Statement:
                          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
                  GreetingLayer:
                    Type: AWS::Lambda::LayerVersion
                    Properties:
                      Content: greeting-layer.zip
                      CompatibleRuntimes: [java17]
                  ProbeFunction:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java17
                      Handler: dev.cloudtest.core.testfunctions.%s::handleRequest
                      Code: %s
                      MemorySize: 512
                      Timeout: 10
                      Role: !GetAtt Role.Arn
                """
                        .formatted(handler, code);
        if (withLayer) {
            template += "      Layers: [!Ref GreetingLayer]\n";
        } else {
            template = template.replace(
                    "  GreetingLayer:\n    Type: AWS::Lambda::LayerVersion\n    Properties:\n"
                            + "      Content: greeting-layer.zip\n      CompatibleRuntimes: [java17]\n",
                    "");
        }
        Path file = Files.writeString(dir.resolve("template.yaml"), template);
        return StackSpec.builder().id("classpath").template(file).build();
    }

    /** A jar of some test classes, under {@code prefix} in the archive. */
    private static Path jar(Path jar, List<String> classes, String prefix) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String name : classes) {
                add(
                        zip,
                        prefix + PACKAGE + name + ".class",
                        Files.readAllBytes(CLASSES.resolve(PACKAGE + name + ".class")));
            }
        }
        return jar;
    }

    /** A Java layer: {@code java/lib/greeting.jar}. */
    private void layer(Path zip) throws IOException {
        Path greeting = jar(dir.resolve("layer-greeting.jar"), List.of("LayerGreeting"), "");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            add(out, "java/lib/greeting.jar", Files.readAllBytes(greeting));
        }
    }

    private static void add(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream out = zip;
        out.write(bytes);
        zip.closeEntry();
    }
}
