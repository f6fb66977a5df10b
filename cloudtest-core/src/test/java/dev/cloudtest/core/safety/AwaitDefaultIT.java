package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One source of defaults: the deadline of {@code Eventually.await(..)} is {@code cloudtest.await.timeout} as a run reads
 * it, {@code cloudtest.properties} included (it used to be read at class initialisation, without the file).
 */
class AwaitDefaultIT {

    @Test
    void eventually_s_default_deadline_comes_from_cloudtest_properties(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("cloudtest.properties"), "cloudtest.await.timeout=7s\n");

        try (ChildJvm jvm = ChildJvm.startIn(
                project, Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), "await-default")) {
            Map<String, String> facts = jvm.readUntil("AWAIT", Duration.ofSeconds(60));

            assertThat(facts.get("AWAIT")).isEqualTo(Duration.ofSeconds(7).toString());
        }
    }
}
