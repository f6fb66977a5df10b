package dev.cloudtest.core;

import dev.cloudtest.core.internal.naming.RunIds;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Configuration for the project's own integration tests: the moto endpoint that the build passes in
 * ({@code -Dcloudtest.endpoint}), or else cloudtest's own emulator target; a fresh run id per call so that tests
 * never see each other's stacks; no environment or file sources.
 */
final class TestTargets {
    private TestTargets() {}

    /**
     * cloudtest's own emulator target, whatever endpoint the build passes in: for what only an emulator that cloudtest
     * starts can do (Step Functions tasks reaching local functions).
     */
    static CloudTestConfig.Builder ownEmulator() {
        return CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.TARGET, "emulator")
                .set(CloudTestConfig.RUN_ID, "it-" + RunIds.random())
                .set(CloudTestConfig.REPORT_DIR, "target/cloudtest-it");
    }

    static CloudTestConfig.Builder moto() {
        Properties system = new Properties();
        String endpoint = System.getProperty("cloudtest.endpoint", "");
        if (!endpoint.isBlank()) {
            system.setProperty("cloudtest.endpoint", endpoint);
        }
        return CloudTestConfig.builder()
                .systemProperties(system)
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.RUN_ID, "it-" + RunIds.random())
                .set(CloudTestConfig.REPORT_DIR, "target/cloudtest-it");
    }
}
