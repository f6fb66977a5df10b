package dev.cloudtest.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class JacksonCheckTest {

    @Test
    void versions_older_than_the_minimum_are_told_apart() {
        assertThat(JacksonCheck.olderThanMinimum("2.12.7")).isTrue();
        assertThat(JacksonCheck.olderThanMinimum("1.9.13")).isTrue();
        assertThat(JacksonCheck.olderThanMinimum("2.13.0")).isFalse();
        assertThat(JacksonCheck.olderThanMinimum("2.19.2")).isFalse();
        assertThat(JacksonCheck.olderThanMinimum("2.23")).isFalse();
        assertThat(JacksonCheck.olderThanMinimum("3.0.0")).isFalse();
        assertThat(JacksonCheck.olderThanMinimum("2.20.0-rc1")).isFalse();
    }

    @Test
    void the_build_own_jackson_passes_and_every_jar_reports_its_version() {
        assertThatCode(JacksonCheck::require).doesNotThrowAnyException();
        assertThat(JacksonCheck.versions())
                .containsOnlyKeys("jackson-databind", "jackson-core", "jackson-annotations", "jackson-datatype-jsr310")
                .doesNotContainValue("missing");
    }
}
