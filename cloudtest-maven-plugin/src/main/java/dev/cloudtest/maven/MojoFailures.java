package dev.cloudtest.maven;

import dev.cloudtest.core.exception.CloudTestException;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.exception.TeardownIncompleteException;
import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what core throws into what Maven reports: a {@link MojoFailureException} ("BUILD FAILURE", the user's input
 * or the target refused) for everything the user fixes in the build, a {@link MojoExecutionException} ("BUILD
 * ERROR") when no target could be reached. Messages keep core's text (what, the offending value, the fix) and add
 * where in this build the offending setting comes from. The cause is attached, so {@code mvn -e} shows the trace.
 */
final class MojoFailures {
    private static final String SKIP_HINT =
            "To build without cloud tests, skip them: -DskipITs (or -Dcloudtest.skip for cloudtest alone).";

    private final BuildSettings settings;

    MojoFailures(BuildSettings settings) {
        this.settings = settings;
    }

    /**
     * Translates a core exception.
     *
     * @param e what core threw
     * @param inputs the {@code <configuration>} elements of the goal that a {@link ConfigurationException} may be
     *     about, e.g. {@code "<template> or <parameters>"}; empty when only {@code cloudtest.*} settings are
     */
    AbstractMojoExecutionException translate(CloudTestException e, String inputs) {
        String origins = settings.originsMentionedIn(e.getMessage());
        String where = origins.isEmpty() ? "" : "\n" + origins;
        if (e instanceof GuardViolationException guard) {
            return new MojoFailureException(
                    "cloudtest refused to use the target, nothing was created: " + guard.getMessage() + where, e);
        }
        if (e instanceof dev.cloudtest.core.exception.MissingParametersException missing) {
            StringBuilder xml = new StringBuilder("<parameters>");
            missing.parameters()
                    .forEach(p ->
                            xml.append('<').append(p).append(">...</").append(p).append('>'));
            xml.append("</parameters>");
            return new MojoFailureException(
                    "Invalid cloudtest configuration: template " + missing.template() + " requires parameter(s) "
                            + String.join(", ", missing.parameters())
                            + " (no Default), and no value was given. Nothing was created. Give them in the "
                            + "plugin's <configuration>: " + xml + ".",
                    e);
        }
        if (e instanceof ConfigurationException) {
            String check = origins.isEmpty() && !inputs.isEmpty()
                    ? "\nCheck " + inputs + " in the plugin's <configuration>."
                    : "";
            return new MojoFailureException("Invalid cloudtest configuration: " + e.getMessage() + where + check, e);
        }
        if (e instanceof TargetUnavailableException) {
            return new MojoExecutionException(
                    "No cloud target is usable: " + e.getMessage() + where
                            + "\nTo use an emulator that is already running, set -Dcloudtest.endpoint=http://127.0.0.1:<port>. "
                            + SKIP_HINT,
                    e);
        }
        if (e instanceof ProvisioningFailedException failed) {
            return new MojoFailureException(
                    "Stack " + failed.stackName() + " could not be provisioned: " + failed.diagnosis()
                            + "\nFix the template (<template>) or its <parameters>; the failed stack has been torn down "
                            + "unless cloudtest.keep keeps it.",
                    e);
        }
        if (e instanceof TeardownIncompleteException) {
            return new MojoFailureException(e.getMessage(), e);
        }
        return new MojoExecutionException("cloudtest failed: " + e.getMessage() + where, e);
    }

    /** Translates an error the target answered with that core passed on unchanged. */
    AbstractMojoExecutionException translate(SdkException e) {
        return new MojoExecutionException(
                "The cloud target answered with an error: " + e.getMessage()
                        + "\nCheck that the target is the one you meant (cloudtest.endpoint / cloudtest.target) and "
                        + "that it is healthy. " + SKIP_HINT,
                e);
    }
}
