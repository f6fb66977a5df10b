package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.CloudTestException;
import dev.cloudtest.core.journey.Probes;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The logs probe against moto: lines from every stream since a point in time, and what it saw on timeout. */
class LogsProbeIT {
    private static final Duration SHORT = Duration.ofMillis(1500);

    private static CloudTestRun run;
    private static String logGroup;
    private static Probes probes;
    private static CloudWatchLogsClient logs;

    @BeforeAll
    static void provision() {
        run = CloudTestRun.start(TestTargets.moto().build());
        logGroup = run.provision(
                        StackSpec.builder().templateResource("stacks/logs.yaml").build())
                .output("LogGroupName");
        probes = run.probes();
        logs = run.session().client(CloudWatchLogsClient.class);
    }

    @AfterAll
    static void tearDown() {
        run.close();
    }

    @Test
    void await_log_line_returns_the_matching_line_from_any_stream() {
        Instant since = Instant.now().minusSeconds(1);
        write(since.plusMillis(100), "START RequestId: 1", "order 41 placed");
        write(since.plusMillis(200), "order 42 placed\n", "END RequestId: 2");

        String line = probes.awaitLogLine(logGroup, Pattern.compile("order \\d+ placed$"), since);

        assertThat(line).isEqualTo("order 41 placed");
    }

    @Test
    void lines_written_before_since_are_not_seen() {
        Instant since = Instant.now();
        write(since.minusSeconds(60), "old-line-" + since.toEpochMilli());
        write(since.plusMillis(10), "new-line-" + since.toEpochMilli());

        assertThat(probes.logLines(logGroup, since))
                .contains("new-line-" + since.toEpochMilli())
                .doesNotContain("old-line-" + since.toEpochMilli());
    }

    @Test
    void await_log_line_times_out_with_the_last_lines_seen() {
        Instant since = Instant.now();
        String marker = UUID.randomUUID().toString();
        write(since.plusMillis(10), "payment " + marker + " declined: " + "x".repeat(500));

        assertThatThrownBy(() -> probes.atMost(SHORT)
                        .awaitLogLine(logGroup, Pattern.compile("payment " + marker + " accepted"), since))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected a line matching /payment " + marker + " accepted/ in log group "
                        + logGroup + " since " + since + " within 1.5 s; saw ")
                .hasMessageContaining("  - payment " + marker + " declined: xxx")
                .hasMessageNotContaining("x".repeat(400));
    }

    @Test
    void await_log_line_times_out_saying_the_group_does_not_exist() {
        assertThatThrownBy(() -> probes.atMost(SHORT)
                        .awaitLogLine("/aws/lambda/missing-" + run.runId(), Pattern.compile("."), Instant.now()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the log group does not exist");
    }

    @Test
    void log_lines_of_a_missing_group_fail_naming_it() {
        String missing = "/aws/lambda/missing-" + run.runId();

        assertThatThrownBy(() -> probes.logLines(missing, Instant.now()))
                .isInstanceOf(CloudTestException.class)
                .hasMessageContaining("Log group " + missing + " does not exist");
    }

    /** Writes the lines at {@code at} into a new stream of the group. */
    private static void write(Instant at, String... lines) {
        String stream = "stream-" + UUID.randomUUID();
        logs.createLogStream(r -> r.logGroupName(logGroup).logStreamName(stream));
        logs.putLogEvents(r -> r.logGroupName(logGroup)
                .logStreamName(stream)
                .logEvents(Arrays.stream(lines)
                        .map(line -> InputLogEvent.builder()
                                .timestamp(at.toEpochMilli())
                                .message(line)
                                .build())
                        .toList()));
    }

    @Test
    void log_lines_that_moto_writes_with_fractional_timestamps_are_read() throws Exception {
        // moto writes the log of a Lambda invocation it attempts (it cannot run the code without Docker) with
        // timestamps in fractional milliseconds, e.g. 1796149027175.581; the SDK alone fails to read those.
        String function = "fractional-" + run.runId();
        String role = run.session()
                .client(software.amazon.awssdk.services.iam.IamClient.class)
                .createRole(r -> r.roleName(function).assumeRolePolicyDocument("{}"))
                .role()
                .arn();
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("handler.py"));
            out.write("def handle(event, context):\n    return 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        LambdaClient lambda = run.session().client(LambdaClient.class);
        lambda.createFunction(r -> r.functionName(function)
                .runtime("python3.11")
                .role(role)
                .handler("handler.handle")
                .code(c -> c.zipFile(software.amazon.awssdk.core.SdkBytes.fromByteArray(zip.toByteArray()))));
        Instant since = Instant.now().minusSeconds(1);
        try {
            lambda.invoke(r -> r.functionName(function));

            String line = probes.awaitLogLine("/aws/lambda/" + function, Pattern.compile("docker"), since);

            assertThat(line).contains("docker");
        } finally {
            lambda.deleteFunction(r -> r.functionName(function));
            run.session()
                    .client(software.amazon.awssdk.services.iam.IamClient.class)
                    .deleteRole(r -> r.roleName(function));
            logs.deleteLogGroup(r -> r.logGroupName("/aws/lambda/" + function));
        }
    }
}
