package dev.cloudtest.benchmarks;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.internal.naming.RunIds;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every benchmark scenario against one moto endpoint and writes {@code RESULTS.md}. Started by
 * {@code scripts/benchmark.sh}, which starts and stops the emulator; see {@code benchmarks/README.md}.
 *
 * <p>System properties: {@code bench.endpoint} (required, a loopback moto URL), {@code bench.results} (the report
 * file, default {@code benchmarks/RESULTS.md}), {@code bench.motoVersion} (for the report), {@code bench.root} (the
 * checkout, default the working directory; scenario 7 runs Maven there), {@code bench.only} (comma-separated
 * scenario numbers to run, e.g. {@code 7,8}; default all), and the repetition counts
 * of {@link Settings}.
 */
public final class Benchmarks {
    private static final Logger LOG = LoggerFactory.getLogger(Benchmarks.class);

    private Benchmarks() {}

    /** A cloudtest configuration for the given endpoint, independent of the environment and any properties file. */
    static CloudTestConfig config(URI endpoint, String runId) {
        return CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.ENDPOINT, endpoint.toString())
                .set(CloudTestConfig.REGION, HandWritten.REGION)
                .set(CloudTestConfig.RUN_ID, runId)
                .set(CloudTestConfig.REPORT_DIR, "target/cloudtest-bench")
                .build();
    }

    /** Runs all scenarios; a scenario that fails is reported as such and the others still run. */
    public static void main(String[] args) throws Exception {
        String endpointProperty = System.getProperty("bench.endpoint", "");
        if (endpointProperty.isBlank()) {
            throw new IllegalArgumentException(
                    "Set -Dbench.endpoint=http://127.0.0.1:PORT (a running moto server); scripts/benchmark.sh does it.");
        }
        URI moto = URI.create(endpointProperty);
        if (!"127.0.0.1".equals(moto.getHost()) && !"localhost".equals(moto.getHost())) {
            throw new IllegalArgumentException("bench.endpoint must be a loopback address, not " + moto);
        }
        Path out = Path.of(System.getProperty("bench.results", "benchmarks/RESULTS.md"));
        Settings settings = Settings.fromSystemProperties();
        Results results = new Results();
        LOG.info("benchmarking against {} ({})", moto, settings);

        // First: right after scripts/benchmark.sh installed this checkout's artifacts into the shared ~/.m2.
        Path root = Path.of(System.getProperty("bench.root", "")).toAbsolutePath();
        attempt(results, "7 End to end", () -> new EndToEnd(root, results, settings).run());
        try (CloudTestRun run = CloudTestRun.start(config(moto, "bench-" + RunIds.random()));
                HandWritten raw = new HandWritten(moto)) {
            StackScenarios stacks = new StackScenarios(moto, run, raw, results, settings);
            attempt(results, "1+2 Provision/teardown", stacks::provisionAndTeardown);
            attempt(results, "1+2 simulated asynchronous stack", stacks::provisionAndTeardownSimulatedAsync);
            attempt(results, "2 Bucket emptying", stacks::bucketEmptying);
            attempt(results, "3 Parallel", stacks::parallelStacks);
            attempt(results, "4 Reuse", stacks::reuse);
            attempt(results, "5 Probes", () -> new ProbeScenario(run, raw, results, settings).run());
            attempt(results, "8 Local functions", () -> new LocalFunctionScenario(run, raw, results, settings).run());
            attempt(results, "8 Local functions: push triggers", () -> new TriggerScenario(run, raw, results, settings)
                    .run());
            attempt(results, "8 Local functions: streams", () -> new StreamScenario(run, results, settings).run());
        }
        attempt(results, "9 Fidelity check", () -> new FidelityScenario(moto, root, results, settings).run());
        attempt(results, "10 Filled resources", () -> new FillerScenario(moto, results, settings).run());
        attempt(results, "11 CDK app", () -> new CdkScenario(moto, root, results, settings).run());
        attempt(results, "6 Extension", () -> ExtensionOverhead.runForked(moto, results, settings));
        results.write(out, moto.toString(), System.getProperty("bench.motoVersion", "unknown"), settings.toString());
    }

    @FunctionalInterface
    private interface Scenario {
        void run() throws Exception;
    }

    private static void attempt(Results results, String name, Scenario scenario) {
        String only = System.getProperty("bench.only", "").trim();
        if (!only.isEmpty() && java.util.Arrays.stream(only.split(",")).noneMatch(n -> name.startsWith(n.trim()))) {
            LOG.info("scenario {} skipped (bench.only={})", name, only);
            return;
        }
        long start = System.nanoTime();
        try {
            scenario.run();
        } catch (Exception | AssertionError e) {
            LOG.error("scenario {} failed", name, e);
            results.note("Scenario " + name + " FAILED and is missing from the table: " + e);
        }
        LOG.info("scenario {} took {} s", name, (System.nanoTime() - start) / 1_000_000_000);
    }
}
