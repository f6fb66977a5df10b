package dev.cloudtest.core.safety;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.internal.naming.RunIds;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The moto endpoint for a test class: the build's shared one ({@code -Dcloudtest.endpoint}), else one that cloudtest's
 * emulator target starts for this class (stopped on {@link #close()}). Shared endpoints are never assumed empty:
 * tests filter by their own run ids and names.
 */
public final class Moto implements AutoCloseable {
    private final URI endpoint;
    private final CloudTestRun owner;

    private Moto(URI endpoint, CloudTestRun owner) {
        this.endpoint = endpoint;
        this.owner = owner;
    }

    /** The shared endpoint, or a private emulator. */
    public static Moto start() {
        String shared = System.getProperty("cloudtest.endpoint", "");
        if (!shared.isBlank()) {
            return new Moto(URI.create(shared.trim()), null);
        }
        CloudTestRun run = CloudTestRun.start(
                config().set(CloudTestConfig.TARGET, "emulator").build());
        return new Moto(run.session().endpoint().orElseThrow(), run);
    }

    /** Where moto answers (always loopback). */
    public URI endpoint() {
        return endpoint;
    }

    /** A config with no ambient sources, a fresh run id and the test report directory, pointed at nothing yet. */
    public static CloudTestConfig.Builder config() {
        return CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.RUN_ID, "it-" + RunIds.random())
                .set(CloudTestConfig.REPORT_DIR, "target/cloudtest-it");
    }

    /** A config for the endpoint target at {@code endpoint} (moto itself, or a proxy in front of it). */
    public static CloudTestConfig.Builder at(URI endpoint) {
        return config().set(CloudTestConfig.ENDPOINT, endpoint.toString());
    }

    @Override
    public void close() {
        if (owner != null) {
            owner.close();
        }
    }
}
