package dev.cloudtest.maven;

import dev.cloudtest.core.exception.CloudTestException;
import java.io.UncheckedIOException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What every cloudtest goal shares: the project and session, {@code skip}, the {@code cloudtest.*} settings of the
 * build, and the translation of core's exceptions into Maven's.
 */
abstract class AbstractCloudTestMojo extends AbstractMojo {

    /** The project being built. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** The build session, for the user properties ({@code -D}). */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** Skips every cloudtest goal: nothing is provisioned, torn down, swept or checked. */
    @Parameter(property = "cloudtest.skip", defaultValue = "false")
    protected boolean skip;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("cloudtest: skipped (cloudtest.skip / <skip> is true).");
            return;
        }
        MojoFailures failures = new MojoFailures(settings());
        try {
            run(failures);
        } catch (CloudTestException e) {
            throw rethrow(failures.translate(e, inputs()), e);
        } catch (SdkException e) {
            throw rethrow(failures.translate(e), e);
        } catch (UncheckedIOException e) {
            getLog().debug(e);
            throw new MojoExecutionException(
                    e.getMessage() + "\nCheck that the build directory is writable and the disk not full.", e);
        }
    }

    /** The goal itself, run unless skipped. */
    protected abstract void run(MojoFailures failures) throws MojoExecutionException, MojoFailureException;

    /** The {@code <configuration>} elements of this goal that invalid input may come from, for error messages. */
    protected String inputs() {
        return "";
    }

    /** The {@code cloudtest.*} settings of this build. */
    protected BuildSettings settings() {
        return BuildSettings.from(project.getProperties(), session.getUserProperties());
    }

    private MojoExecutionException rethrow(AbstractMojoExecutionException translated, Exception cause)
            throws MojoFailureException {
        getLog().debug("cloudtest: " + cause.getClass().getSimpleName(), cause);
        if (translated instanceof MojoFailureException failure) {
            throw failure;
        }
        return (MojoExecutionException) translated;
    }
}
