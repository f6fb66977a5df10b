package dev.cloudtest.maven;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.report.SweepReport;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Finds what crashed or cancelled runs left behind — stacks, and tagged queues and buckets, carrying cloudtest's
 * tags whose {@code cloudtest:expires-at} has passed — and lists them with their age and owner. A dry run by
 * default: nothing is deleted unless {@code -Dcloudtest.sweep.confirm=true}; then each is removed through the same
 * teardown as a run's own (buckets emptied, ownership and expiry re-checked before every delete). Never touches
 * unexpired resources or resources without cloudtest's tags, and runs only after the target guards accepted the
 * account and region.
 *
 * <p>Filters: {@code -Dcloudtest.sweep.owner=ci} and {@code -Dcloudtest.sweep.name-prefix=ct-orders}. In a build
 * that provisioned with an emulator, the sweep runs on that same emulator.
 */
@Mojo(name = "sweep", threadSafe = true, requiresProject = true)
public class SweepMojo extends AbstractCloudTestMojo {

    /**
     * Deletes what the sweep finds; without it the sweep is a dry run. Default: {@code cloudtest.sweep.confirm}
     * ({@code false}).
     */
    @Parameter(property = "cloudtest.sweep.confirm")
    private Boolean confirm;

    /** Fails the build (or only warns, when false) if something expired could not be removed. */
    @Parameter(property = "cloudtest.fail-on-leftovers", defaultValue = "true")
    private boolean failOnLeftovers;

    @Override
    protected void run(MojoFailures failures) throws MojoFailureException {
        Optional<ProjectRun> shared = ProjectRun.find(getPluginContext());
        if (shared.isPresent()) {
            sweep(shared.get().run());
            return;
        }
        try (CloudTestRun run = CloudTestRun.start(settings()
                .toConfig(
                        project.getBasedir().toPath(),
                        Path.of(project.getBuild().getDirectory())))) {
            sweep(run);
        }
    }

    private void sweep(CloudTestRun run) throws MojoFailureException {
        boolean confirm = this.confirm != null ? this.confirm : run.config().bool(CloudTestConfig.SWEEP_CONFIRM, false);
        SweepReport report = run.sweeper().sweep(confirm);
        getLog().info(report.summary().strip());
        if (!confirm && !report.candidates().isEmpty()) {
            getLog().info("cloudtest: dry run, nothing deleted. Run again with -Dcloudtest.sweep.confirm=true to "
                    + "delete these " + report.candidates().size() + " resource(s).");
        }
        if (!report.isClean()) {
            String message = "cloudtest: the sweep could not remove everything:\n"
                    + report.summary().strip();
            if (failOnLeftovers) {
                throw new MojoFailureException(message + "\nSet -Dcloudtest.fail-on-leftovers=false to only warn.");
            }
            getLog().warn(message);
        }
    }
}
