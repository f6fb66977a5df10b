package dev.cloudtest.core.internal.packaging;

import dev.cloudtest.core.exception.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A function's code path that is a build module — the usual SAM layout, {@code CodeUri: OrdersFunction} naming a
 * folder with its own {@code pom.xml} or {@code build.gradle} — stands for what that module builds, as {@code sam
 * build} takes it: the jar in {@code target/} (Maven) or {@code build/libs/} (Gradle; a shadow {@code -all} jar first).
 * Packaging, the stack's fingerprint and the local function all use that jar, so an unchanged jar keeps the same
 * stack however the module's sources and build folders change. A module with no jar built, or with several jars
 * none of which is clearly the function's, is refused, saying what to build or point at.
 */
public final class ModuleFolders {
    private ModuleFolders() {}

    /**
     * The artifact a code path stands for: the path itself, unless it is a build module.
     *
     * @throws ConfigurationException naming the resource, the module and what to do
     */
    public static Path artifact(String logicalId, String property, Path path) {
        if (!Files.isDirectory(path)) {
            return path;
        }
        boolean maven = Files.isRegularFile(path.resolve("pom.xml"));
        boolean gradle = Files.isRegularFile(path.resolve("build.gradle"))
                || Files.isRegularFile(path.resolve("build.gradle.kts"));
        if (!maven && !gradle) {
            return path; // a classes directory or an unpacked package, zipped as it is
        }
        Path output = path.resolve(maven ? "target" : "build/libs");
        List<Path> jars = jars(output);
        if (gradle) {
            List<Path> shadow = jars.stream()
                    .filter(j -> j.getFileName().toString().endsWith("-all.jar"))
                    .toList();
            if (shadow.size() == 1) {
                return shadow.get(0);
            }
        }
        if (jars.size() == 1) {
            return jars.get(0);
        }
        String build = maven ? "mvn -f " + path.resolve("pom.xml") + " package" : "gradle -p " + path + " build";
        if (jars.isEmpty()) {
            throw new ConfigurationException("Resource " + logicalId + " " + property + " names the "
                    + (maven ? "Maven" : "Gradle") + " module " + path + ", which has no jar built in " + output
                    + ". Build it first (" + build + "; sam build would too), or point " + property + " at the "
                    + "function's jar.");
        }
        throw new ConfigurationException("Resource " + logicalId + " " + property + " names the module " + path
                + ", whose " + output + " holds several jars "
                + jars.stream().map(j -> j.getFileName().toString()).toList()
                + "; cloudtest cannot tell which one is the function. Point " + property
                + " at the function's jar.");
    }

    private static List<Path> jars(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        String name = f.getFileName().toString();
                        return name.endsWith(".jar")
                                && !name.startsWith("original-")
                                && !name.endsWith("-sources.jar")
                                && !name.endsWith("-javadoc.jar")
                                && !name.endsWith("-tests.jar")
                                && !name.endsWith("-plain.jar");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }
}
