package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps core's classes small enough to read: none over 450 lines unless its javadoc says why (the words "450-line
 * guideline"), so that a long class is a decision somebody wrote down, not an accident.
 */
class ClassSizeTest {
    private static final int LIMIT = 450;
    private static final Path SOURCES = Path.of("src/main/java");

    @Test
    void no_class_in_core_is_over_450_lines_without_a_reason_in_its_javadoc() throws IOException {
        List<String> unexplained;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            unexplained = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(ClassSizeTest::tooLongWithoutReason)
                    .map(p -> SOURCES.relativize(p) + " (" + lines(p).size() + " lines)")
                    .toList();
        }

        assertThat(unexplained)
                .as("classes over %d lines whose javadoc gives no reason", LIMIT)
                .isEmpty();
    }

    @Test
    void the_rule_sees_the_sources_and_the_long_classes_that_say_why() {
        assertThat(lines(SOURCES.resolve("dev/cloudtest/core/CloudTestConfig.java")))
                .hasSizeGreaterThan(LIMIT)
                .anyMatch(line -> line.contains("450-line guideline"));
    }

    private static boolean tooLongWithoutReason(Path file) {
        List<String> lines = lines(file);
        return lines.size() > LIMIT && lines.stream().noneMatch(line -> line.contains("450-line guideline"));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
