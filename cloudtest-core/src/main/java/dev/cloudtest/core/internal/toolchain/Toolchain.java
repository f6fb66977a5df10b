package dev.cloudtest.core.internal.toolchain;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Python environment holding the emulator toolchain: where it is, where it came from (for logs) and which versions
 * of the tools it holds, read from its {@code *.dist-info} directories without starting Python. Tools run as
 * {@code python -m ...}, never through console scripts, whose first line holds an absolute path.
 *
 * @param venv the environment's directory
 * @param origin where it came from, e.g. {@code the cache ~/.cache/cloudtest/toolchain-1a2b3c}
 * @param versions installed package versions by pip's normalized name
 */
public record Toolchain(Path venv, String origin, Map<String, String> versions) {
    public Toolchain {
        versions = Map.copyOf(versions);
    }

    /** The environment at {@code venv}, its versions read from disk. */
    public static Toolchain at(Path venv, String origin) {
        return new Toolchain(venv, origin, installedVersions(venv));
    }

    /** The environment's interpreter. */
    public Path python() {
        return venv.resolve("bin").resolve("python");
    }

    /** The command that starts moto server (host and port are appended). */
    public List<String> motoServer() {
        return List.of(python().toString(), "-m", "moto.server");
    }

    /** The installed version of a package, if installed. */
    public Optional<String> version(String pkg) {
        return Optional.ofNullable(versions.get(ToolchainLock.normalize(pkg)));
    }

    /** Whether moto is installed and the interpreter exists. */
    public boolean hasMoto() {
        return Files.isExecutable(python()) && version(ToolchainLock.MOTO).isPresent();
    }

    /** Whether cfn-lint and the SAM translator are installed. */
    public boolean hasTemplateTools() {
        return Files.isExecutable(python())
                && version(ToolchainLock.CFN_LINT).isPresent()
                && version(ToolchainLock.SAM_TRANSLATOR).isPresent();
    }

    /** {@code moto 5.2.5, cfn-lint 1.58.0, ...}: what this environment holds of the tools. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        for (String tool : List.of(ToolchainLock.MOTO, ToolchainLock.CFN_LINT, ToolchainLock.SAM_TRANSLATOR)) {
            version(tool).ifPresent(v -> text.append(text.isEmpty() ? "" : ", ")
                    .append(tool)
                    .append(' ')
                    .append(v));
        }
        return text.isEmpty() ? "no tools" : text.toString();
    }

    /** Package versions from {@code lib/python3.X/site-packages/<name>-<version>.dist-info}. */
    static Map<String, String> installedVersions(Path venv) {
        Map<String, String> versions = new TreeMap<>();
        Path lib = venv.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return versions;
        }
        try (DirectoryStream<Path> pythons = Files.newDirectoryStream(lib, "python3*")) {
            for (Path python : pythons) {
                Path sitePackages = python.resolve("site-packages");
                if (!Files.isDirectory(sitePackages)) {
                    continue;
                }
                try (DirectoryStream<Path> infos = Files.newDirectoryStream(sitePackages, "*.dist-info")) {
                    for (Path info : infos) {
                        String name = info.getFileName().toString();
                        String stem = name.substring(0, name.length() - ".dist-info".length());
                        int dash = stem.indexOf('-');
                        if (dash > 0) {
                            versions.put(ToolchainLock.normalize(stem.substring(0, dash)), stem.substring(dash + 1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            // unreadable: treated as holding nothing
        }
        return versions;
    }
}
