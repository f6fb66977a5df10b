package dev.cloudtest.maven;

import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.exception.CloudTestException;
import dev.cloudtest.core.exception.TeardownIncompleteException;
import dev.cloudtest.core.report.TeardownReport;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Tears down every stack that {@code provision} created in this project's build, after the integration tests,
 * whatever their outcome (failsafe's {@code verify} fails the build for failed tests, after this goal). Then closes
 * the run: writes the run report to {@code target/cloudtest} and stops the emulator cloudtest started.
 *
 * <p>{@code cloudtest.keep} applies: {@code on-failure} keeps the stacks when failsafe's summary reports failed tests,
 * {@code always} keeps them; kept stacks expire after {@code cloudtest.ttl} and are then removed by the sweeper.
 */
@Mojo(name = "teardown", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class TeardownMojo extends AbstractCloudTestMojo {

    /**
     * Whether resources that could not be removed fail the build. When false they are listed as a warning; they
     * carry cloudtest's tags and expire, so {@code cloudtest:sweep} removes them later.
     */
    @Parameter(property = "cloudtest.fail-on-leftovers", defaultValue = "true")
    private boolean failOnLeftovers;

    /** Failsafe's summary, read to know whether the tests failed (for {@code cloudtest.keep=on-failure}). */
    @Parameter(defaultValue = "${project.build.directory}/failsafe-reports/failsafe-summary.xml")
    private File summaryFile;

    @Override
    protected void run(MojoFailures failures) throws MojoFailureException {
        Optional<ProjectRun> shared = ProjectRun.find(getPluginContext());
        if (shared.isEmpty()) {
            getLog().info("cloudtest: nothing to tear down: provision did not run in this build (skipped, or not "
                    + "configured for this project).");
            return;
        }
        ProjectRun.forget(getPluginContext());
        CloudTestRun run = shared.get().run();
        boolean testsFailed = FailsafeSummary.testsFailed(summaryFile.toPath()).orElse(false);
        List<String> leftovers = new ArrayList<>();
        int deleted = 0;
        int kept = 0;
        for (Stack stack : shared.get().stacks()) {
            try {
                Optional<TeardownReport> report = run.release(stack, testsFailed);
                if (report.isEmpty()) {
                    kept++;
                } else if (report.get().isClean()) {
                    deleted++;
                } else {
                    report.get().leftovers().forEach(l -> leftovers.add(stack.name() + ": " + l));
                }
            } catch (CloudTestException e) {
                // Go on with the other stacks; this one is reported with the rest.
                getLog().debug(e);
                leftovers.add(stack.name() + ": " + e.getMessage());
            }
        }
        try {
            run.close();
        } catch (TeardownIncompleteException e) {
            e.reports().forEach(r -> r.leftovers().forEach(l -> leftovers.add(r.stackName() + ": " + l)));
        }
        getLog().info("cloudtest: teardown of run " + run.runId() + ": " + deleted + " stack(s) deleted"
                + (kept > 0
                        ? ", " + kept + " kept (cloudtest.keep="
                                + run.config().keep().configValue() + ")"
                        : "")
                + (leftovers.isEmpty() ? ", nothing left behind" : ", " + leftovers.size() + " leftover(s)")
                + (testsFailed ? "; the integration tests failed, failsafe's verify reports them" : "") + ".");
        if (!leftovers.isEmpty()) {
            String message = "cloudtest: teardown left resources behind:\n  - " + String.join("\n  - ", leftovers)
                    + "\nThey carry cloudtest tags and expire after cloudtest.ttl; `mvn cloudtest:sweep` removes them "
                    + "then, or delete them by hand.";
            if (failOnLeftovers) {
                throw new MojoFailureException(message
                        + "\nSet <failOnLeftovers>false</failOnLeftovers> (-Dcloudtest.fail-on-leftovers=false) "
                        + "to only warn.");
            }
            getLog().warn(message + " (<failOnLeftovers> is false: not failing the build.)");
        }
    }
}
