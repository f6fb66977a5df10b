package dev.cloudtest.maven;

import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.report.CheckReport;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

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
 * {@code provision}, and the same {@code <template>}, {@code <parameters>}, {@code <stackId>} and {@code <tags>}.
 */
@Mojo(name = "check", threadSafe = true, requiresProject = true)
public class CheckMojo extends AbstractCloudTestMojo {

    /** The template {@code provision} would use, relative to the project directory; optional. */
    @Parameter
    private File template;

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
        List<StackSpec> specs = template == null ? List.of() : List.of(spec());
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

    private StackSpec spec() {
        StackSpec.Builder spec = StackSpec.builder()
                .template(template.toPath())
                .parameters(parameters)
                .tags(tags);
        if (stackId != null && !stackId.isBlank()) {
            spec.id(stackId);
        }
        return spec.build();
    }

    @Override
    protected String inputs() {
        return "<template>, <parameters>, <stackId> or <tags>";
    }
}
