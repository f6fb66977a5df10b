package dev.cloudtest.core.internal.handover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.target.EmulatorProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Stacks handed over by the build: the Maven plugin's {@code provision} goal writes {@code <report dir>/<stack
 * id>.json} for each stack it provisioned. A test JVM of the same build finds them here and attaches to those stacks
 * instead of provisioning its own. Files of an earlier build are harmless: their emulator no longer answers, and a
 * stack that no longer exists is not attached to.
 *
 * <p>The file is JSON with at least {@code id}, {@code stackName}, {@code fingerprint}, {@code region},
 * {@code account} and, for emulators, {@code endpoint}.
 */
public final class HandedOverStacks {
    private static final Logger LOG = Loggers.get(HandedOverStacks.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One handed-over stack. */
    /**
     * One handed-over stack; {@code outputs} are the outputs as the provisioning run saw them (with, for example, an
     * API URL leading to the local functions that run serves), empty when the file has none.
     */
    public record HandedOver(
            String id,
            String stackName,
            String fingerprint,
            String region,
            String account,
            Optional<URI> endpoint,
            java.util.Map<String, String> outputs) {}

    private HandedOverStacks() {}

    /** Every readable hand-over file in the directory; files of other shapes are ignored. */
    public static List<HandedOver> in(Path directory) {
        List<HandedOver> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                read(file).ifPresent(found::add);
            }
        } catch (IOException e) {
            LOG.debug("cloudtest: cannot list {}: {}", directory, e.getMessage());
        }
        return found;
    }

    private static Optional<HandedOver> read(Path file) {
        try {
            JsonNode json = MAPPER.readTree(file.toFile());
            if (json == null
                    || !json.hasNonNull("stackName")
                    || !json.hasNonNull("fingerprint")
                    || !json.hasNonNull("id")) {
                return Optional.empty();
            }
            return Optional.of(new HandedOver(
                    json.get("id").asText(),
                    json.get("stackName").asText(),
                    json.get("fingerprint").asText(),
                    json.path("region").asText(""),
                    json.path("account").asText(""),
                    json.hasNonNull("endpoint")
                            ? Optional.of(URI.create(json.get("endpoint").asText()))
                            : Optional.empty(),
                    outputs(json.path("outputs"))));
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("cloudtest: ignoring {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static java.util.Map<String, String> outputs(JsonNode node) {
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().asText()));
        }
        return outputs;
    }

    /** The emulator endpoint the build's stacks live on, when one answers (a stale file's endpoint does not). */
    public static Optional<HandedOver> liveEmulator(Path directory) {
        return in(directory).stream()
                .filter(h -> h.endpoint().isPresent())
                .filter(h -> answers(h.endpoint().get()))
                .findFirst();
    }

    private static boolean answers(URI endpoint) {
        // Hand-over is within one build on one machine: only loopback endpoints qualify.
        boolean loopback = "127.0.0.1".equals(endpoint.getHost()) || "localhost".equals(endpoint.getHost());
        return loopback && EmulatorProcess.answers(endpoint);
    }
}
