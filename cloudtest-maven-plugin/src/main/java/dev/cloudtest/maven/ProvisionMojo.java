package dev.cloudtest.maven;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Provisions a CloudFormation stack before the integration tests: resolves the target (by default a moto emulator
 * that cloudtest starts for the build), runs the guards, creates the stack and waits until every resource is
 * there.
 *
 * <p>The stack is a {@code <template>} (a template file or a CDK cloud assembly) or a CDK app ({@code <cdkApp>}, with
 * {@code <cdkStack>} naming one of its stacks).
 *
 * <p>Hands the stack to the tests as properties set on the project (pass them to the tests with failsafe's
 * {@code <systemPropertyVariables>}) and written to {@code target/cloudtest/<stackId>.properties}:
 * {@code cloudtest.<stackId>.output.<OutputKey>} for every output, {@code cloudtest.<stackId>.stack-name}, and
 * {@code cloudtest.endpoint} when the target is an emulator. {@code target/cloudtest/<stackId>.json} describes the
 * stack (name, id, run, region, endpoint, account, outputs, physical ids and resource types).
 *
 * <p>Every {@code cloudtest.*} property of the build (the pom's {@code <properties>} or {@code -D}) configures the
 * run, e.g. {@code -Dcloudtest.endpoint=http://127.0.0.1:5000} or {@code -Dcloudtest.keep=on-failure}. Several
 * executions (each with its own {@code <stackId>}) share one run; the {@code teardown} goal removes them all.
 */
@Mojo(
        name = "provision",
        defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST,
        threadSafe = true,
        requiresDependencyResolution = ResolutionScope.TEST)
public class ProvisionMojo extends AbstractCloudTestMojo {

    /**
     * The CloudFormation or SAM template (YAML or JSON), relative to the project directory; or a CDK cloud assembly
     * directory ({@code cdk.out} after {@code cdk synth}). Set this or {@code <cdkApp>}.
     */
    @Parameter
    private File template;

    /**
     * A Java CDK app's main class instead of a template: synthesised on the project's test classpath (where the app
     * and aws-cdk-lib are) into {@code target/cloudtest/cdk.out}, as {@code @CloudStack(cdkApp = ...)} does. The app
     * runs in the project directory, as {@code cdk synth} runs it, so {@code Code.fromAsset("target/fn.jar")} is
     * relative to it even in a reactor build started elsewhere. Needs Node.js 18 or later on the PATH.
     */
    @Parameter
    private String cdkApp;

    /** Which stack of the CDK app (or cloud assembly), by its name in the app; needed when it has several. */
    @Parameter
    private String cdkStack;

    /** Template parameter values, e.g. {@code <parameters><Stage>test</Stage></parameters>}. */
    @Parameter
    private Map<String, String> parameters = new LinkedHashMap<>();

    /**
     * The stack's short name: the middle of the stack name and the key of the properties and files this goal
     * writes. Letters, digits and {@code -}. Default: the template's file name without extension.
     */
    @Parameter
    private String stackId;

    /** Tags put on the stack (and propagated to its resources); the {@code cloudtest:} prefix is reserved. */
    @Parameter
    private Map<String, String> tags = new LinkedHashMap<>();

    /** Failsafe's switch: when integration tests are skipped, no stack is needed. */
    @Parameter(property = "skipITs", defaultValue = "false")
    private boolean skipITs;

    /** Skipping all tests skips the integration tests too. */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    /** Not even compiling the tests skips the integration tests too. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean mavenTestSkip;

    @Override
    protected void run(MojoFailures failures) throws MojoFailureException {
        Optional<String> skipReason = skipITs
                ? Optional.of("skipITs")
                : skipTests
                        ? Optional.of("skipTests")
                        : mavenTestSkip ? Optional.of("maven.test.skip") : Optional.empty();
        if (skipReason.isPresent()) {
            getLog().info("cloudtest: provision skipped because " + skipReason.get()
                    + " is set: failsafe runs no integration tests, so no stack is needed.");
            return;
        }
        StackSpec spec = new StackInput(template, cdkApp, cdkStack, parameters, tags, stackId)
                .spec(
                        project.getBasedir().toPath(),
                        this::testClasspath,
                        Path.of(project.getBuild().getDirectory()));
        Optional<ProjectRun> existing = ProjectRun.find(getPluginContext());
        if (existing.isPresent()
                && existing.get().stacks().stream().anyMatch(s -> s.specId().equals(spec.id()))) {
            throw new MojoFailureException("Stack id '" + spec.id() + "' is provisioned twice in this build. Give each "
                    + "provision <execution> its own <stackId>.");
        }
        ProjectRun shared = existing.orElseGet(() -> ProjectRun.share(getPluginContext(), start()));
        CloudTestRun run = shared.run();
        try {
            Stack stack = run.provision(spec);
            shared.add(stack);
            StackExport export = StackExport.of(stack, run, spec.fingerprint());
            List<Path> files = export.writeTo(run.config().reportDirectory());
            project.getProperties().putAll(export.properties());
            getLog().info("cloudtest: stack " + stack.name() + " is up (" + spec.id() + "), outputs "
                    + stack.outputs().keySet() + "; wrote " + files.get(0) + " and "
                    + files.get(1).getFileName());
            export.properties().forEach((name, value) -> getLog().debug("cloudtest: " + name + "=" + value));
        } catch (RuntimeException e) {
            // The build stops here and teardown will not run: remove what this build created so far.
            ProjectRun.forget(getPluginContext());
            closeAfterFailure(run, e);
            throw e;
        }
    }

    @Override
    protected String inputs() {
        return "<template>, <cdkApp>, <cdkStack>, <stackId>, <parameters> or <tags>";
    }

    private CloudTestRun start() {
        CloudTestConfig config = settings()
                .toConfig(
                        project.getBasedir().toPath(),
                        Path.of(project.getBuild().getDirectory()));
        if (config.raw(CloudTestConfig.LOCAL_FUNCTIONS_CLASSPATH).isEmpty()) {
            // Local functions run from this Maven JVM: give them the project's classes and dependencies.
            config = config.toBuilder()
                    .set(CloudTestConfig.RUN_ID, config.runId())
                    .set(CloudTestConfig.LOCAL_FUNCTIONS_CLASSPATH, String.join(File.pathSeparator, testClasspath()))
                    .build();
        }
        return CloudTestRun.start(config);
    }

    private List<String> testClasspath() {
        try {
            return project.getTestClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new IllegalStateException("The project's test classpath is not resolved: " + e.getMessage(), e);
        }
    }

    private void closeAfterFailure(CloudTestRun run, RuntimeException failure) {
        try {
            run.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
