package dev.cloudtest.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailsafeSummaryTest {

    @TempDir
    Path dir;

    /** As failsafe 3.5.4 writes it. */
    private Path summary(String result, int errors, int failures) throws Exception {
        return Files.writeString(
                dir.resolve("failsafe-summary.xml"),
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <failsafe-summary xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" result="%s" timeout="false">
                    <completed>2</completed>
                    <errors>%d</errors>
                    <failures>%d</failures>
                    <skipped>0</skipped>
                    <flakes>0</flakes>
                    <failureMessage xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>
                </failsafe-summary>"""
                        .formatted(result, errors, failures));
    }

    @Test
    void passed_tests_are_not_a_failure() throws Exception {
        assertThat(FailsafeSummary.testsFailed(summary("null", 0, 0))).contains(false);
    }

    @Test
    void a_failed_test_is_a_failure() throws Exception {
        assertThat(FailsafeSummary.testsFailed(summary("255", 0, 1))).contains(true);
    }

    @Test
    void an_erring_test_is_a_failure() throws Exception {
        assertThat(FailsafeSummary.testsFailed(summary("null", 1, 0))).contains(true);
    }

    @Test
    void no_summary_means_unknown() {
        assertThat(FailsafeSummary.testsFailed(dir.resolve("missing.xml"))).isEmpty();
    }

    @Test
    void an_unreadable_summary_means_unknown() throws Exception {
        assertThat(FailsafeSummary.testsFailed(Files.writeString(dir.resolve("bad.xml"), "<not-closed>")))
                .isEmpty();
    }
}
