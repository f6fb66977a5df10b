package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A project without an SLF4J provider (a new one has none): cloudtest's progress, warnings and the run summary still
 * reach the console, instead of SLF4J's silent no-operation logger swallowing them.
 */
class ConsoleWithoutLoggingIT {

    @Test
    void progress_warnings_and_the_summary_reach_standard_error_without_an_slf4j_provider() throws Exception {
        try (Moto moto = Moto.start();
                ChildJvm jvm = ChildJvm.start(
                        entry -> !entry.contains("slf4j-simple"),
                        List.of("-Xmx256m"),
                        null,
                        Path.of("target/cloudtest-it/console"),
                        "console",
                        moto.endpoint().toString())) {
            Map<String, String> facts = jvm.readUntil("DONE", Duration.ofSeconds(60));
            jvm.process().waitFor();
            String console = jvm.stderr();

            assertThat(console).contains("No SLF4J providers were found");
            assertThat(console)
                    .contains("cloudtest: unknown configuration key 'cloudtest.typo-key' is ignored")
                    .contains("cloudtest: " + facts.get("STACK") + ": creating (1 resources)")
                    .contains("cloudtest: " + facts.get("STACK") + ": deleted in")
                    .contains("leftovers: none");
        }
    }
}
