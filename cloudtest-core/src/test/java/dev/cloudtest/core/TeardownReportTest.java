package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.report.TeardownReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeardownReportTest {

    @Test
    void report_without_leftovers_is_clean() {
        TeardownReport report = new TeardownReport("ct-a-r1", List.of("ct-a-r1"), List.of(), Duration.ofSeconds(2));

        assertThat(report.isClean()).isTrue();
    }

    @Test
    void report_with_a_leftover_is_not_clean() {
        TeardownReport report = new TeardownReport(
                "ct-a-r1",
                List.of(),
                List.of(new TeardownReport.Leftover("Data (AWS::S3::Bucket) b", "bucket not empty")),
                Duration.ofSeconds(2));

        assertThat(report.isClean()).isFalse();
        assertThat(report.leftovers().get(0)).hasToString("Data (AWS::S3::Bucket) b: bucket not empty");
    }
}
