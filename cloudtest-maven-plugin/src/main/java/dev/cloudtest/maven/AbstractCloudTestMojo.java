package dev.cloudtest.maven;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.ConfigKey;
import dev.cloudtest.core.exception.CloudTestException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
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

    // The core settings as typed parameters. Each is the cloudtest.* key it names; -Dcloudtest.<key> overrides it,
    // and it overrides <cloudtest.<key>> in the pom's <properties>. Unset, cloudtest's own default applies.

    /** Where stacks are provisioned: {@code emulator}, {@code endpoint}, {@code container} or {@code aws} ({@code cloudtest.target}; -D wins). */
    @Parameter
    protected String target;

    /** An AWS-compatible endpoint that is already running, e.g. {@code http://127.0.0.1:4566} ({@code cloudtest.endpoint}; -D wins). */
    @Parameter
    protected String endpoint;

    /** The AWS region, e.g. {@code eu-west-1} ({@code cloudtest.region}; -D wins). */
    @Parameter
    protected String region;

    /** The AWS profile whose credentials are used on the aws target ({@code cloudtest.profile}; -D wins). */
    @Parameter
    protected String profile;

    /** Whether stacks are kept after the tests: {@code never}, {@code on-failure} or {@code always} ({@code cloudtest.keep}; -D wins). */
    @Parameter
    protected String keep;

    /** How long after creation the sweeper may delete a stack a run left behind, e.g. {@code 2h} ({@code cloudtest.ttl}; -D wins). */
    @Parameter
    protected String ttl;

    /** The first part of every stack name, e.g. {@code ct} ({@code cloudtest.name-prefix}; -D wins). */
    @Parameter
    protected String namePrefix;

    /** Who the stacks belong to, in their {@code cloudtest:owner} tag ({@code cloudtest.owner}; -D wins). */
    @Parameter
    protected String owner;

    /** How long one stack may take to create, e.g. {@code 20m} ({@code cloudtest.provision.timeout}; -D wins). */
    @Parameter
    protected String provisionTimeout;

    /** How long one stack may take to delete, e.g. {@code 20m} ({@code cloudtest.teardown.timeout}; -D wins). */
    @Parameter
    protected String teardownTimeout;

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
        Map<String, Map.Entry<String, String>> parameters = new LinkedHashMap<>();
        parameter(parameters, CloudTestConfig.TARGET, "target", target);
        parameter(parameters, CloudTestConfig.ENDPOINT, "endpoint", endpoint);
        parameter(parameters, CloudTestConfig.REGION, "region", region);
        parameter(parameters, CloudTestConfig.PROFILE, "profile", profile);
        parameter(parameters, CloudTestConfig.KEEP, "keep", keep);
        parameter(parameters, CloudTestConfig.TTL, "ttl", ttl);
        parameter(parameters, CloudTestConfig.NAME_PREFIX, "namePrefix", namePrefix);
        parameter(parameters, CloudTestConfig.OWNER, "owner", owner);
        parameter(parameters, CloudTestConfig.PROVISION_TIMEOUT, "provisionTimeout", provisionTimeout);
        parameter(parameters, CloudTestConfig.TEARDOWN_TIMEOUT, "teardownTimeout", teardownTimeout);
        return BuildSettings.from(parameters, project.getProperties(), session.getUserProperties());
    }

    private static void parameter(
            Map<String, Map.Entry<String, String>> parameters, ConfigKey key, String name, String value) {
        if (value != null) {
            parameters.put(key.name(), new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
        }
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
