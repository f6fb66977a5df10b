package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The classpath of a local function's JVM. */
final class FunctionClasspath {
    private FunctionClasspath() {}

    /**
     * The test JVM's classpath, after the local jar or classes directory that {@code Code} names, if any, and the
     * configured extra entries ({@code cloudtest.local-functions.classpath}, e.g. the project's test classpath when
     * the Maven plugin runs the functions): the code the template deploys comes first, and what a thin jar leaves
     * out (its dependencies, the host) is still found.
     */
    static List<Path> of(JsonNode code, Path baseDirectory, List<Path> extraClasspath) {
        Set<Path> entries = new LinkedHashSet<>();
        if (code.isTextual() && Files.exists(baseDirectory.resolve(code.asText()))) {
            entries.add(dev.cloudtest.core.internal.packaging.ModuleFolders.artifact(
                            "function", "Code", baseDirectory.resolve(code.asText()))
                    .toAbsolutePath()
                    .normalize());
        }
        entries.addAll(extraClasspath);
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry));
            }
        }
        // The host and what it needs, wherever cloudtest was loaded from (the plugin's own classpath, say).
        for (Class<?> host : List.of(
                FunctionHostMain.class,
                com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class,
                com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class)) {
            location(host).ifPresent(entries::add);
        }
        return List.copyOf(entries);
    }

    private static Optional<Path> location(Class<?> type) {
        try {
            return Optional.of(Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
