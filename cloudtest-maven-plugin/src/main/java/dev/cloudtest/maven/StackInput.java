package dev.cloudtest.maven;

import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.cdk.CdkAssembly;
import dev.cloudtest.core.internal.cdk.CdkSynth;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The stack a goal is configured with: a {@code <template>} (a template file, or a CDK cloud assembly directory such as
 * {@code cdk.out}) or a {@code <cdkApp>} (a CDK app's main class, synthesised on the project's test classpath into
 * {@code target/cloudtest/cdk.out}), with {@code <cdkStack>}, {@code <parameters>}, {@code <tags>} and {@code
 * <stackId>}.
 */
record StackInput(
        File template,
        String cdkApp,
        String cdkStack,
        Map<String, String> parameters,
        Map<String, String> tags,
        String stackId) {

    /** Whether the goal names a stack at all. */
    boolean present() {
        return template != null || !blank(cdkApp);
    }

    /**
     * The spec, synthesising a CDK app first.
     *
     * @param classpath the project's test classpath (where the app and aws-cdk-lib are), asked for only for a CDK app
     * @param buildDirectory the project's {@code target}
     * @throws MojoFailureException for a missing, unreadable or contradictory configuration, saying what to set
     */
    StackSpec spec(Path basedir, Supplier<List<String>> classpath, Path buildDirectory) throws MojoFailureException {
        boolean app = !blank(cdkApp);
        if (app == (template != null)) {
            throw new MojoFailureException(
                    app
                            ? "Both <template> " + template + " and <cdkApp> " + cdkApp + " are set: set one of them."
                            : "No stack is configured: set <template> to the CloudFormation or SAM template (or a CDK cloud "
                                    + "assembly directory such as cdk.out), or <cdkApp> to a CDK app's main class.");
        }
        StackSpec.Builder spec = StackSpec.builder();
        if (app) {
            spec.template(CdkSynth.assembly(
                    cdkApp.trim(), classpath.get(), buildDirectory.resolve("cloudtest/cdk.out"), basedir));
        } else if (template.isFile() || CdkAssembly.isAssembly(template.toPath())) {
            spec.template(template.toPath());
        } else {
            throw new MojoFailureException("<template> " + template + " is neither a file nor a CDK cloud assembly (a "
                    + "directory with a manifest.json). Set <template> to the CloudFormation template, relative to "
                    + "the project directory " + basedir + ", or <cdkApp> to a CDK app's main class.");
        }
        if (!blank(cdkStack)) {
            spec.cdkStack(cdkStack.trim());
        }
        spec.parameters(nonNull(parameters)).tags(nonNull(tags));
        if (!blank(stackId)) {
            spec.id(stackId.trim());
        } else if (app) {
            // The id @CloudStack(cdkApp = ...) gives the same app, so that the tests find the stack handed over.
            StackSpec.Builder named = StackSpec.builder().cdkApp(cdkApp.trim());
            if (!blank(cdkStack)) {
                named.cdkStack(cdkStack.trim());
            }
            spec.id(named.build().id());
        }
        return spec.build();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Maven gives {@code null} for an empty element such as {@code <Suffix/>}: that means an empty value. */
    private static Map<String, String> nonNull(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        }
        return copy;
    }
}
