package dev.cloudtest.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What {@code provision} hands to the tests of the build: a provisioned stack as a JSON file, and as properties
 * (written to a {@code .properties} file and set on the project, so failsafe's {@code <systemPropertyVariables>}
 * can pass them on):
 *
 * <ul>
 *   <li>{@code cloudtest.<stackId>.output.<OutputKey>} for every output;
 *   <li>{@code cloudtest.<stackId>.stack-name};
 *   <li>{@code cloudtest.endpoint} when the target is an emulator, so that the tests' JVM reaches the same one.
 * </ul>
 *
 * @param id the {@code <stackId>} of the provision execution
 * @param stackName the CloudFormation stack name
 * @param stackId the CloudFormation stack id (an ARN)
 * @param runId the cloudtest run id
 * @param region the region
 * @param endpoint the emulator's endpoint; empty on real AWS
 * @param account the account id
 * @param outputs outputs by key
 * @param physicalIds physical ids by logical id
 * @param resourceTypes resource types by logical id
 * @param fingerprint the spec's {@link dev.cloudtest.core.StackSpec#fingerprint()}: the JUnit extension of the same
 *     build attaches to this stack when its own spec has the same id and fingerprint
 */
record StackExport(
        String id,
        String stackName,
        String stackId,
        String runId,
        String region,
        Optional<URI> endpoint,
        String account,
        Map<String, String> outputs,
        Map<String, String> physicalIds,
        Map<String, String> resourceTypes,
        String fingerprint) {

    private static final Pattern EXPORTED =
            Pattern.compile("cloudtest\\.[a-zA-Z][a-zA-Z0-9-]*\\.(output\\..+|stack-name)");

    StackExport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(endpoint, "endpoint");
        outputs = Map.copyOf(outputs);
        physicalIds = Map.copyOf(physicalIds);
        resourceTypes = Map.copyOf(resourceTypes);
    }

    /** The export of a stack provisioned by a run. */
    static StackExport of(Stack stack, CloudTestRun run, String fingerprint) {
        return new StackExport(
                stack.specId(),
                stack.name(),
                stack.stackId(),
                run.runId(),
                run.session().region(),
                run.session().endpoint(),
                run.session().accountId(),
                stack.outputs(),
                stack.physicalIds(),
                stack.resourceTypes(),
                fingerprint);
    }

    /** Whether a property name is one that this class exports (so that it is not read back as configuration). */
    static boolean isExported(String name) {
        return EXPORTED.matcher(name).matches();
    }

    /** The name of the property carrying an output. */
    static String outputProperty(String id, String outputKey) {
        return "cloudtest." + id + ".output." + outputKey;
    }

    /** The properties, sorted by name. */
    Map<String, String> properties() {
        Map<String, String> properties = new TreeMap<>();
        outputs.forEach((key, value) -> properties.put(outputProperty(id, key), value));
        properties.put("cloudtest." + id + ".stack-name", stackName);
        endpoint.ifPresent(uri -> properties.put("cloudtest.endpoint", uri.toString()));
        return properties;
    }

    /** The JSON description: every field of this record, maps sorted by key. */
    String json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("stackName", stackName);
        json.put("stackId", stackId);
        json.put("runId", runId);
        json.put("region", region);
        json.put("endpoint", endpoint.map(URI::toString).orElse(null));
        json.put("account", account);
        json.put("outputs", new TreeMap<>(outputs));
        json.put("physicalIds", new TreeMap<>(physicalIds));
        json.put("resourceTypes", new TreeMap<>(resourceTypes));
        json.put("fingerprint", fingerprint);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the description of stack " + stackName, e);
        }
    }

    /**
     * Writes {@code <id>.json} and {@code <id>.properties} into a directory (created when missing).
     *
     * @return the two files
     * @throws UncheckedIOException when they cannot be written
     */
    List<Path> writeTo(Path directory) {
        Path json = directory.resolve(id + ".json");
        Path properties = directory.resolve(id + ".properties");
        try {
            Files.createDirectories(directory);
            Files.writeString(json, json(), StandardCharsets.UTF_8);
            Properties values = new Properties();
            values.putAll(properties());
            StringWriter text = new StringWriter();
            values.store(text, "cloudtest stack " + stackName + " (run " + runId + ")");
            Files.writeString(properties, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + json + " and " + properties + ": " + e.getMessage(), e);
        }
        return List.of(json, properties);
    }
}
