package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A NoEcho parameter value never appears in cloudtest's logs (all of cloudtest at debug level), the run report, the
 * exceptions of a failed provisioning (whose emulator error message quotes the value), or a spec's toString.
 */
class SecretsIT {
    private static final String SECRET = "n0echo-S3CRET-value";

    private static Moto moto;

    @BeforeAll
    static void startMoto() {
        moto = Moto.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @Test
    void noecho_value_is_absent_from_logs_reports_and_exceptions_of_a_full_run() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cloudtest-it", "secrets-" + System.nanoTime()));
        Path log = dir.resolve("cloudtest.log");
        Path reports = dir.resolve("reports");
        Map<String, String> child;
        List<String> stdout;
        String stderr;
        try (ChildJvm jvm = ChildJvm.start(
                List.of("-Dorg.slf4j.simpleLogger.logFile=" + log, "-Dorg.slf4j.simpleLogger.log.dev.cloudtest=debug"),
                null,
                dir,
                "secrets",
                moto.endpoint().toString(),
                reports.toString(),
                SECRET)) {
            child = jvm.readUntil("DONE", Duration.ofSeconds(90));
            stdout = jvm.stdout();
            stderr = jvm.stderr();
        }

        assertThat(child.get("FAILED_AS_EXPECTED")).isEqualTo("yes");
        assertThat(child.get("DIAGNOSIS"))
                .as("the target quoted the value, and cloudtest masked it")
                .contains("Value '****' at 'type'");
        assertThat(stdout).as("the stack trace with its causes").anySatisfy(l -> assertThat(l)
                .contains("Caused by: dev.cloudtest.core.exception.CloudTestException"));
        assertThat(child.get("TEARDOWN")).contains("stack ct-secret-");
        assertThat(Files.readString(log)).contains("CREATE_COMPLETE").doesNotContain(SECRET);
        assertThat(stdout).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(SECRET));
        assertThat(stderr).doesNotContain(SECRET);
        List<Path> reportFiles;
        try (Stream<Path> files = Files.list(reports)) {
            reportFiles = files.toList();
        }
        assertThat(reportFiles).extracting(p -> p.getFileName().toString()).anyMatch(n -> n.endsWith(".json"));
        for (Path report : reportFiles) {
            assertThat(Files.readString(report)).as(report.toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void spec_to_string_names_parameters_but_not_their_values() {
        StackSpec spec = StackSpec.builder()
                .templateBody(ChildRun.SECRET_TEMPLATE)
                .parameter("ApiSecret", SECRET)
                .build();

        assertThat(spec.toString()).contains("ApiSecret").doesNotContain(SECRET);
    }
}
