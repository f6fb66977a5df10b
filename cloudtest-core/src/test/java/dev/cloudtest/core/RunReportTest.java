package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.report.RunReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {

    private static RunReport report(List<String> leftovers) {
        return new RunReport(
                "r1",
                "endpoint",
                "123456789012",
                "us-east-1",
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01.500Z"),
                Map.of("provision", 900L, "teardown", 400L),
                List.of(
                        new RunReport.StackEntry("orders", "ct-orders-r1", RunReport.Outcome.DELETED, 900, 400, null),
                        new RunReport.StackEntry(
                                "bad", "ct-bad-r1", RunReport.Outcome.FAILED, 120, 0, "Queue: invalid property")),
                leftovers);
    }

    @Test
    void json_has_iso_timestamps_and_every_stack() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report(List.of()).toJson());

        assertThat(json.get("runId").asText()).isEqualTo("r1");
        assertThat(json.get("startedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(json.get("phases").get("provision").asLong()).isEqualTo(900);
        assertThat(json.get("stacks")).hasSize(2);
        assertThat(json.get("stacks").get(1).get("diagnosis").asText()).isEqualTo("Queue: invalid property");
    }

    @Test
    void summary_gives_run_duration_and_stack_outcomes() {
        String summary = report(List.of()).summary();

        assertThat(summary)
                .startsWith("cloudtest run r1 on endpoint (account 123456789012, us-east-1) in 1500 ms\n")
                .contains("  stack ct-orders-r1: provisioned in 900 ms, deleted in 400 ms\n")
                .contains("  stack ct-bad-r1: provisioned in 120 ms, failed (Queue: invalid property)\n")
                .contains("  phases (ms): {provision=900, teardown=400}\n");
    }

    @Test
    void summary_says_none_when_nothing_is_left() {
        assertThat(report(List.of()).summary()).endsWith("  leftovers: none\n");
    }

    @Test
    void summary_lists_leftovers() {
        assertThat(report(List.of("ct-a-r1: DELETE_FAILED", "bucket b")).summary())
                .endsWith("  leftovers: ct-a-r1: DELETE_FAILED; bucket b\n");
    }
}
