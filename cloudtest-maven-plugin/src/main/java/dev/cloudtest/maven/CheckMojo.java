package dev.cloudtest.maven;

import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.report.CheckReport;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.DefaultDependencyResolutionRequest;
import org.apache.maven.project.DependencyResolutionException;
import org.apache.maven.project.DependencyResolutionResult;
import org.apache.maven.project.ProjectDependenciesResolver;

/**
 * Checks, without creating or changing anything, what {@code provision} would do: resolves the target (starting and
 * stopping the emulator when that is the target), identifies the account, runs every guard (account allow and block
 * lists, regions, account alias, SSM marker), and — when a {@code <template>} is configured — parses it, validates
 * the parameters, lints hard-coded names and checks that the stack name is free. It also reads the project's
 * dependency management and dependencies for what would clash with cloudtest's own (an AWS SDK BOM older than 2.30,
 * an old or mixed Jackson, JUnit's API and engine at different versions; see {@link DependencyClashes}) — from the
 * model alone, so it names the clash even where Maven cannot resolve the test classpath. Prints the account, region,
 * target and the stack that would be provisioned, and fails the build listing every violation.
 *
 * <p>Meant as a pre-flight in CI before a long build, e.g. {@code mvn cloudtest:check
 * -Dcloudtest.guard.allowed-accounts=111122223333}. Reads the same {@code cloudtest.*} properties as
 * {@code provision}, and the same {@code <template>} or {@code <cdkApp>}, {@code <cdkStack>}, {@code <parameters>},
 * {@code <stackId>} and {@code <tags>}.
 */
@Mojo(name = "check", threadSafe = true, requiresProject = true)
public class CheckMojo extends AbstractCloudTestMojo {

    /** The template or CDK cloud assembly {@code provision} would use, relative to the project directory; optional. */
    @Parameter
    private File template;

    /** The CDK app {@code provision} would synthesise, by its main class; optional. */
    @Parameter
    private String cdkApp;

    /** Which stack of the CDK app, as for {@code provision}. */
    @Parameter
    private String cdkStack;

    /** Resolves the dependencies a CDK app needs to synthesise (this goal does not ask Maven to). */
    @Component
    private ProjectDependenciesResolver dependencies;

    /** Template parameter values, as for {@code provision}. */
    @Parameter
    private Map<String, String> parameters = new LinkedHashMap<>();

    /** The stack's short name, as for {@code provision}. */
    @Parameter
    private String stackId;

    /** Tags, as for {@code provision}. */
    @Parameter
    private Map<String, String> tags = new LinkedHashMap<>();

    @Override
    protected void run(MojoFailures failures) throws MojoFailureException {
        List<String> clashes = DependencyClashes.find(
                project.getDependencyManagement() == null
                        ? List.of()
                        : project.getDependencyManagement().getDependencies(),
                project.getDependencies(),
                software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION);
        clashes.forEach(clash -> getLog().error("cloudtest: dependency clash: " + clash));
        StackInput input = new StackInput(template, cdkApp, cdkStack, parameters, tags, stackId);
        List<StackSpec> specs = input.present()
                ? List.of(input.spec(
                        project.getBasedir().toPath(),
                        this::testClasspath,
                        Path.of(project.getBuild().getDirectory())))
                : List.of();
        CheckReport report = CloudTestRun.check(
                settings()
                        .toConfig(
                                project.getBasedir().toPath(),
                                Path.of(project.getBuild().getDirectory())),
                specs);
        getLog().info(report.summary().strip());
        if (!clashes.isEmpty()) {
            throw new MojoFailureException("cloudtest: check failed, nothing was created; the build's dependencies "
                    + "clash with cloudtest's:\n  - " + String.join("\n  - ", clashes));
        }
        if (!report.passed()) {
            throw new MojoFailureException("cloudtest: check failed, nothing was created:\n"
                    + report.summary().strip());
        }
        getLog().info("cloudtest: the target is usable and every guard accepts it"
                + (specs.isEmpty() ? "." : "; the template is valid."));
    }

    /**
     * The test classpath for synthesising a CDK app. This goal does not ask Maven to resolve dependencies (so that it
     * can name clashes where resolution fails); a CDK app needs them, so they are resolved here.
     */
    private List<String> testClasspath() {
        Path classes = Path.of(project.getBuild().getOutputDirectory());
        if (!java.nio.file.Files.isDirectory(classes)) {
            throw new IllegalStateException("The CDK app " + cdkApp + " is not compiled yet (" + classes + " does not "
                    + "exist): run check after compiling, e.g. mvn test-compile cloudtest:check.");
        }
        try {
            DependencyResolutionResult result = dependencies.resolve(
                    new DefaultDependencyResolutionRequest(project, session.getRepositorySession()));
            List<String> classpath = new ArrayList<>();
            classpath.add(project.getBuild().getTestOutputDirectory());
            classpath.add(classes.toString());
            result.getDependencies().stream()
                    .filter(d -> d.getArtifact().getFile() != null)
                    .forEach(d -> classpath.add(d.getArtifact().getFile().getPath()));
            return classpath;
        } catch (DependencyResolutionException e) {
            throw new IllegalStateException(
                    "Cannot resolve the project's dependencies to synthesise the CDK app " + cdkApp + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    protected String inputs() {
        return "<template>, <cdkApp>, <cdkStack>, <parameters>, <stackId> or <tags>";
    }
}
