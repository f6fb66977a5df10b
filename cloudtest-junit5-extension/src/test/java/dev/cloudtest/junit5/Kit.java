package dev.cloudtest.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * Runs {@link OnlyInEngineTestKit} classes through the Jupiter engine as one test run with its own cloudtest run id,
 * against the given moto; reads what the run left behind (report entries, the run report).
 */
final class Kit {
    /** Where the kit runs' cloudtest reports go. */
    static final Path REPORT_DIR = Path.of("target/cloudtest-it");

    private final String runId = newRunId();
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private Kit(String endpoint) {
        parameters.put(OnlyInEngineTestKit.PARAMETER, "true");
        parameters.put("cloudtest.endpoint", endpoint);
        parameters.put("cloudtest.run-id", runId);
        parameters.put("cloudtest.report.dir", REPORT_DIR.toString());
        parameters.put("cloudtest.keep", "never");
    }

    /** A kit run against moto. */
    static Kit on(Moto moto) {
        return new Kit(moto.endpoint().toString());
    }

    /** A kit run against nothing (for the tests of a missing target). */
    static Kit withoutMoto(String endpoint) {
        return new Kit(endpoint);
    }

    /** A fresh run id. */
    static String newRunId() {
        return "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Sets a configuration parameter. */
    /** Without one of the kit's default parameters. */
    Kit without(String key) {
        parameters.remove(key);
        return this;
    }

    Kit with(String key, String value) {
        parameters.put(key, value);
        return this;
    }

    /** The run id of this kit run. */
    String runId() {
        return runId;
    }

    /** Runs the classes. */
    EngineExecutionResults run(Class<?>... classes) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(parameters)
                .selectors(Arrays.stream(classes)
                        .map(c -> selectClass(c))
                        .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .execute();
    }

    /** Values of the report entries published under a key, by any test or container. */
    static List<String> reported(EngineExecutionResults results, String key) {
        return results.allEvents().stream()
                .filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
                .map(e -> e.getRequiredPayload(ReportEntry.class))
                .flatMap(entry -> Stream.ofNullable(entry.getKeyValuePairs().get(key)))
                .toList();
    }

    /** The run report cloudtest wrote for this kit run. */
    JsonNode report() {
        try (Stream<Path> files = Files.list(REPORT_DIR)) {
            Path file = files.filter(p -> p.getFileName().toString().startsWith("run-" + runId + "-")
                            && p.toString().endsWith(".json"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no run report for run " + runId + " in " + REPORT_DIR));
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether cloudtest wrote a run report for this kit run (it does once a run started). */
    boolean hasReport() {
        if (!Files.isDirectory(REPORT_DIR)) {
            return false;
        }
        try (Stream<Path> files = Files.list(REPORT_DIR)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("run-" + runId + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Outcome by stack name, from the run report. */
    Map<String, String> outcomes() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        report().get("stacks")
                .forEach(s ->
                        outcomes.put(s.get("name").asText(), s.get("outcome").asText()));
        return outcomes;
    }

    /** An event's throwable, for assertions. */
    static Throwable thrown(Event event) {
        return event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .orElseThrow();
    }
}
