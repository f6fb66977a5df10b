package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.packaging.ModuleFolders;
import dev.cloudtest.core.internal.template.Template;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The classpath of a local function's JVM, as Lambda builds it: the function's package — the jar its {@code Code}
 * names, a Lambda zip (its root and {@code lib/*.jar}) unpacked, or a module folder's built jar — then each of its
 * {@code Layers} that the template builds from a local path ({@code java/lib/*.jar}), then cloudtest's host.
 *
 * <p>The test JVM's classpath (and {@code cloudtest.local-functions.classpath}) is added with {@code
 * cloudtest.local-functions.test-classpath=always}, and by default ({@code auto}) when the package is a classes
 * directory — a build's {@code target/classes}, which carries none of its dependencies — or no local package at all;
 * {@code never} runs even those on what the template deploys.
 */
final class FunctionClasspath {
    /** {@code cloudtest.local-functions.test-classpath}. */
    enum TestClasspath {
        AUTO,
        ALWAYS,
        NEVER;

        static TestClasspath parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(
                        "Invalid cloudtest.local-functions.test-classpath '" + value + "'. Use auto, always or never.");
            }
        }
    }

    /**
     * A function's classpath.
     *
     * @param entries what the JVM gets, in order
     * @param label what it is made of, for the start-up log: {@code target/orders.jar + 1 layer}
     */
    record Classpath(List<Path> entries, String label) {}

    private FunctionClasspath() {}

    /**
     * The classpath of a function.
     *
     * @param function the function resource, with its {@code Code} and {@code Layers} as the template has them
     * @param unpackDirectory where zip packages and layers are unpacked
     * @param extraClasspath {@code cloudtest.local-functions.classpath} (the Maven plugin: the project's test classpath)
     */
    static Classpath of(
            Template template,
            Template.Resource function,
            Path baseDirectory,
            List<Path> extraClasspath,
            TestClasspath testClasspath,
            Path unpackDirectory) {
        Set<Path> entries = new LinkedHashSet<>();
        List<String> label = new ArrayList<>();
        JsonNode code = function.properties().path("Code");
        Optional<Path> pkg = code.isTextual() && Files.exists(baseDirectory.resolve(code.asText()))
                ? Optional.of(ModuleFolders.artifact(function.logicalId(), "Code", baseDirectory.resolve(code.asText()))
                        .toAbsolutePath()
                        .normalize())
                : Optional.empty();
        pkg.ifPresent(path -> {
            entries.addAll(packageEntries(path, unpackDirectory));
            label.add(
                    baseDirectory.toAbsolutePath().normalize().relativize(path).toString());
        });
        int layers = 0;
        for (JsonNode layer : function.properties().path("Layers")) {
            Template.Resource version =
                    template.resources().get(layer.path("Ref").asText(""));
            JsonNode content = version == null ? null : version.properties().path("Content");
            if (content != null && content.isTextual() && Files.exists(baseDirectory.resolve(content.asText()))) {
                Path root = unpacked(
                        baseDirectory.resolve(content.asText()).toAbsolutePath().normalize(), unpackDirectory);
                entries.addAll(jars(root.resolve("java").resolve("lib")));
                layers++;
            }
        }
        if (layers > 0) {
            label.add(layers + " layer(s)");
        }
        boolean directory = pkg.map(Files::isDirectory).orElse(true);
        if (testClasspath == TestClasspath.ALWAYS || (testClasspath == TestClasspath.AUTO && directory)) {
            entries.addAll(extraClasspath);
            for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(Path.of(entry));
                }
            }
            label.add("the test classpath");
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
        return new Classpath(List.copyOf(entries), label.isEmpty() ? "the host only" : String.join(" + ", label));
    }

    /** A package's entries: a jar; a directory (and its {@code lib/*.jar}); a zip unpacked, as Lambda does. */
    private static List<Path> packageEntries(Path path, Path unpackDirectory) {
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar")) {
            return List.of(path);
        }
        Path root = unpacked(path, unpackDirectory);
        List<Path> entries = new ArrayList<>();
        entries.add(root);
        entries.addAll(jars(root.resolve("lib")));
        return entries;
    }

    /** A directory as it is, a zip unpacked once per content into the unpack directory. */
    private static Path unpacked(Path path, Path unpackDirectory) {
        if (Files.isDirectory(path)) {
            return path;
        }
        try {
            Path target = unpackDirectory.resolve(path.getFileName() + "-" + sha256(path));
            if (Files.isDirectory(target)) {
                return target;
            }
            Path partial = Files.createDirectories(unpackDirectory)
                    .resolve(target.getFileName() + ".partial-"
                            + ProcessHandle.current().pid());
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(path))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    Path out = partial.resolve(entry.getName()).normalize();
                    if (!out.startsWith(partial)) {
                        throw new ConfigurationException("The package " + path + " has an entry outside itself: "
                                + entry.getName() + ". Rebuild it.");
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e; // else another JVM unpacked the same content first
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the function package " + path, e);
        }
    }

    private static List<Path> jars(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
