package dev.cloudtest.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.maven.model.Dependency;
import org.junit.jupiter.api.Test;

class DependencyClashesTest {
    private static Dependency dependency(String group, String artifact, String version) {
        Dependency dependency = new Dependency();
        dependency.setGroupId(group);
        dependency.setArtifactId(artifact);
        dependency.setVersion(version);
        return dependency;
    }

    @Test
    void an_old_aws_sdk_bom_is_named_with_what_to_do() {
        List<String> clashes = DependencyClashes.find(
                List.of(
                        dependency("software.amazon.awssdk", "s3", "2.17.107"),
                        dependency("software.amazon.awssdk", "sfn", "2.17.107")),
                List.of(),
                "2.57.8");

        assertThat(clashes)
                .singleElement()
                .asString()
                .contains("AWS SDK for Java v2 2.17.107")
                .contains("needs 2.30 or later")
                .contains("import software.amazon.awssdk:bom:2.57.8 before it");
    }

    @Test
    void mixed_or_old_jackson_and_mismatched_junit_are_named() {
        List<String> clashes = DependencyClashes.find(
                List.of(
                        dependency("com.fasterxml.jackson.core", "jackson-databind", "2.23.0"),
                        dependency("org.junit.jupiter", "junit-jupiter-engine", "6.1.3")),
                List.of(
                        dependency("com.fasterxml.jackson.core", "jackson-annotations", "2.12.7"),
                        dependency("org.junit.jupiter", "junit-jupiter-api", "5.14.4")),
                "2.57.8");

        assertThat(clashes).hasSize(3);
        assertThat(clashes.get(0)).contains("jackson-annotations 2.12.7").contains("needs Jackson 2.13 or later");
        assertThat(clashes.get(1)).contains("different versions").contains("jackson-bom");
        assertThat(clashes.get(2)).contains("junit-jupiter-api 5.14.4 but junit-jupiter-engine 6.1.3");
    }

    @Test
    void current_versions_clash_with_nothing() {
        assertThat(DependencyClashes.find(
                        List.of(
                                dependency("software.amazon.awssdk", "s3", "2.57.8"),
                                dependency("com.fasterxml.jackson.core", "jackson-databind", "2.23.0"),
                                dependency("com.fasterxml.jackson.core", "jackson-annotations", "2.23")),
                        List.of(dependency("org.junit.jupiter", "junit-jupiter-api", "6.1.3")),
                        "2.57.8"))
                .isEmpty();
    }
}
