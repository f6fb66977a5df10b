package dev.cloudtest.maven;

import dev.cloudtest.core.internal.pipeline.JacksonCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.model.Dependency;

/**
 * What in a project's build would clash with cloudtest's dependencies, read from the project's model alone (its
 * {@code <dependencyManagement>}, imported BOMs included, and its declared dependencies) — so that {@code check} can
 * name the clash even where Maven cannot resolve the test classpath at all (an old AWS SDK BOM makes cloudtest's SDK
 * modules resolve to versions that do not exist). Each clash says what is pinned, where, and what to change.
 */
final class DependencyClashes {
    /** The oldest AWS SDK for Java v2 whose APIs cloudtest uses (S3's checksum settings came in 2.30). */
    static final String MINIMUM_SDK = "2.30";
    /** The oldest Jackson cloudtest supports: the one core checks at the start of every run. */
    static final String MINIMUM_JACKSON = JacksonCheck.MINIMUM;

    private static final java.util.Set<String> CLOUDTEST_SDK_MODULES =
            java.util.Set.of("cloudformation", "s3", "sqs", "sns", "sts", "sfn", "lambda", "dynamodb", "eventbridge");

    private DependencyClashes() {}

    /**
     * @param managed the project's effective {@code <dependencyManagement>} entries (imported BOMs included)
     * @param declared the project's declared dependencies
     * @param cloudtestSdk the AWS SDK version cloudtest was built with, for the advice
     */
    static List<String> find(List<Dependency> managed, List<Dependency> declared, String cloudtestSdk) {
        List<String> clashes = new ArrayList<>();
        Map<String, Dependency> pins = new LinkedHashMap<>();
        for (Dependency dependency : declared) {
            pins.put(key(dependency), dependency);
        }
        for (Dependency dependency : managed) {
            pins.putIfAbsent(key(dependency), dependency); // a declared version wins over a managed one
        }
        // Named by a module cloudtest itself uses when the project pins one (a BOM pins them all).
        Optional<Dependency> oldSdk = pins.values().stream()
                .filter(d -> d.getGroupId().equals("software.amazon.awssdk"))
                .filter(d -> older(d.getVersion(), MINIMUM_SDK))
                .min(java.util.Comparator.comparing(d -> !CLOUDTEST_SDK_MODULES.contains(d.getArtifactId())));
        oldSdk.ifPresent(d -> clashes.add("the project pins AWS SDK for Java v2 " + d.getVersion() + " ("
                + d.getGroupId() + ":" + d.getArtifactId() + ", e.g. from an imported software.amazon.awssdk:bom); "
                + "cloudtest needs " + MINIMUM_SDK + " or later (it is built with " + cloudtestSdk + "), and Maven "
                + "would resolve cloudtest's SDK modules at " + d.getVersion() + ", some of which do not exist. Raise "
                + "the SDK BOM, or import software.amazon.awssdk:bom:" + cloudtestSdk + " before it in "
                + "<dependencyManagement>."));
        List<Dependency> jackson = pins.values().stream()
                .filter(d -> d.getGroupId().startsWith("com.fasterxml.jackson"))
                .filter(d -> d.getVersion() != null)
                .toList();
        jackson.stream()
                .filter(d -> older(d.getVersion(), MINIMUM_JACKSON))
                .findFirst()
                .ifPresent(d -> clashes.add("the project pins " + d.getArtifactId() + " " + d.getVersion()
                        + "; cloudtest needs Jackson " + MINIMUM_JACKSON + " or later. Import "
                        + "com.fasterxml.jackson:jackson-bom:" + MINIMUM_JACKSON + ".0 or later in "
                        + "<dependencyManagement>."));
        List<String> minors = jackson.stream()
                .filter(d -> !d.getArtifactId().equals("jackson-bom"))
                .map(d -> minor(d.getVersion()))
                .distinct()
                .toList();
        if (minors.size() > 1) {
            clashes.add("the project pins Jackson jars at different versions ("
                    + String.join(
                            ", ",
                            jackson.stream()
                                    .map(d -> d.getArtifactId() + " " + d.getVersion())
                                    .toList())
                    + "); they must be at one version (a pinned older jackson-annotations beside a newer "
                    + "jackson-databind fails with NoClassDefFoundError). Import com.fasterxml.jackson:jackson-bom "
                    + "in <dependencyManagement> instead of pinning single jars.");
        }
        Optional<String> api = version(pins, "org.junit.jupiter", "junit-jupiter-api");
        Optional<String> engine = version(pins, "org.junit.jupiter", "junit-jupiter-engine");
        if (api.isPresent() && engine.isPresent() && !api.get().equals(engine.get())) {
            clashes.add("the project pins junit-jupiter-api " + api.get() + " but junit-jupiter-engine " + engine.get()
                    + "; JUnit's API and engine must be at one version (import org.junit:junit-bom).");
        }
        return clashes;
    }

    private static String key(Dependency dependency) {
        return dependency.getGroupId() + ":" + dependency.getArtifactId();
    }

    private static Optional<String> version(Map<String, Dependency> pins, String group, String artifact) {
        return Optional.ofNullable(pins.get(group + ":" + artifact)).map(Dependency::getVersion);
    }

    private static String minor(String version) {
        String[] parts = version.split("[.-]");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }

    /** Whether a version such as {@code 2.17.107} is older than {@code minimum} ({@code major.minor}). */
    static boolean older(String version, String minimum) {
        return JacksonCheck.older(version, minimum);
    }
}
